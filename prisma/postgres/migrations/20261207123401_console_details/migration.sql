-- AlterTable
ALTER TABLE "UserSession" ADD COLUMN     "address" TEXT,
ADD COLUMN     "userAgent" TEXT;

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "expiryNoticeAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "UsageEvent" ADD COLUMN     "durationMs" INTEGER,
ADD COLUMN     "reason" TEXT,
ADD COLUMN     "status" INTEGER;

-- CreateIndex
CREATE INDEX "ApiToken_expiryNoticeAt_expiresAt_idx" ON "ApiToken"("expiryNoticeAt", "expiresAt");

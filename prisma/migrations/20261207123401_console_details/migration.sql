-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN "expiryNoticeAt" DATETIME;

-- AlterTable
ALTER TABLE "UsageEvent" ADD COLUMN "durationMs" INTEGER;
ALTER TABLE "UsageEvent" ADD COLUMN "reason" TEXT;
ALTER TABLE "UsageEvent" ADD COLUMN "status" INTEGER;

-- AlterTable
ALTER TABLE "UserSession" ADD COLUMN "address" TEXT;
ALTER TABLE "UserSession" ADD COLUMN "userAgent" TEXT;

-- CreateIndex
CREATE INDEX "ApiToken_expiryNoticeAt_expiresAt_idx" ON "ApiToken"("expiryNoticeAt", "expiresAt");

-- AlterTable
ALTER TABLE "OAuthClient" ADD COLUMN     "orgId" TEXT,
ADD COLUMN     "secretHash" TEXT;

-- AlterTable
ALTER TABLE "OAuthGrant" ADD COLUMN     "grantedBy" TEXT NOT NULL DEFAULT 'consent';

-- AddForeignKey
ALTER TABLE "OAuthClient" ADD CONSTRAINT "OAuthClient_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "OAuthGrant" ADD COLUMN     "declined" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "OAuthCode" ADD COLUMN     "declined" TEXT NOT NULL DEFAULT '';

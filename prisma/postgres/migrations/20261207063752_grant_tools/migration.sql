-- AlterTable
ALTER TABLE "OAuthGrant" ADD COLUMN     "tools" TEXT;

-- AlterTable
ALTER TABLE "OAuthCode" ADD COLUMN     "tools" TEXT;

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "dpopJkt" TEXT;

-- AlterTable
ALTER TABLE "OAuthRefreshToken" ADD COLUMN     "dpopJkt" TEXT;

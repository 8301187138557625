-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN "tools" TEXT;

-- AlterTable
ALTER TABLE "UpstreamServer" ADD COLUMN "memberTools" TEXT;

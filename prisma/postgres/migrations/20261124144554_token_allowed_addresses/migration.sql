-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "allowedAddresses" TEXT NOT NULL DEFAULT '';

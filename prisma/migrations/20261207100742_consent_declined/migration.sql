-- AlterTable: columns added at the end, with a default, need no rebuild of the tables.
ALTER TABLE "OAuthGrant" ADD COLUMN "declined" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "OAuthCode" ADD COLUMN "declined" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "nameKey" TEXT NOT NULL DEFAULT '';

-- The existing names, in lower case (new and renamed tokens get theirs from the app).
UPDATE "ApiToken" SET "nameKey" = lower("name");

-- AlterTable: a column added at the end, with a default, needs no rebuild of the table.
ALTER TABLE "ApiToken" ADD COLUMN "nameKey" TEXT NOT NULL DEFAULT '';

-- The existing names, in lower case (new and renamed tokens get theirs from the app).
UPDATE "ApiToken" SET "nameKey" = lower("name");

-- AlterTable: columns added at the end need no rebuild of the table.
ALTER TABLE "ApiToken" ADD COLUMN "description" TEXT NOT NULL DEFAULT '';
ALTER TABLE "ApiToken" ADD COLUMN "createdById" TEXT REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Tokens of people were made by those people (the audit log says who made those of service accounts).
UPDATE "ApiToken" SET "createdById" = "userId"
WHERE "grantId" IS NULL AND "serviceClientId" IS NULL
  AND "userId" IN (SELECT "id" FROM "User" WHERE "kind" = 'person');

-- AlterTable: columns added at the end need no rebuild of the table.
ALTER TABLE "ApiToken" ADD COLUMN "description" TEXT NOT NULL DEFAULT '';
ALTER TABLE "ApiToken" ADD COLUMN "createdById" TEXT REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A person's own tokens were made by that person; who made a service account's earlier tokens is in the audit log.
UPDATE "ApiToken" SET "createdById" = "userId"
WHERE "grantId" IS NULL AND "serviceClientId" IS NULL
  AND "userId" IN (SELECT "id" FROM "User" WHERE "kind" = 'person');

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "createdById" TEXT,
ADD COLUMN     "description" TEXT NOT NULL DEFAULT '';

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A person's own tokens were made by that person; who made a service account's earlier tokens is in the audit log.
UPDATE "ApiToken" SET "createdById" = "userId"
WHERE "grantId" IS NULL AND "serviceClientId" IS NULL
  AND "userId" IN (SELECT "id" FROM "User" WHERE "kind" = 'person');

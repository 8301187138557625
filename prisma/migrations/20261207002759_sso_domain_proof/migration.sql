-- Domain claims made before proof existed carry over unproven ("proven" NULL): they admit no one
-- until their organization publishes the DNS TXT record Keyway gives it.
-- AlterTable
ALTER TABLE "UserSession" ADD COLUMN "ssoOrgId" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_SsoDomain" (
    "orgId" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "proven" TEXT,
    "provenAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("orgId", "domain"),
    CONSTRAINT "SsoDomain_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "SsoConnection" ("orgId") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_SsoDomain" ("domain", "orgId") SELECT "domain", "orgId" FROM "SsoDomain";
DROP TABLE "SsoDomain";
ALTER TABLE "new_SsoDomain" RENAME TO "SsoDomain";
CREATE UNIQUE INDEX "SsoDomain_proven_key" ON "SsoDomain"("proven");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateTable
CREATE TABLE "WorkloadTrust" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceAccountId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "jwksUri" TEXT,
    "audience" TEXT NOT NULL,
    "conditions" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "maxLifetimeMinutes" INTEGER NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    CONSTRAINT "WorkloadTrust_serviceAccountId_fkey" FOREIGN KEY ("serviceAccountId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable: columns added at the end (nullable, their foreign keys on the column) need no rebuild of the table.
ALTER TABLE "ApiToken" ADD COLUMN "trustPolicyId" TEXT REFERENCES "WorkloadTrust" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ApiToken" ADD COLUMN "workload" TEXT;
ALTER TABLE "ApiToken" ADD COLUMN "delegatedFromId" TEXT REFERENCES "ApiToken" ("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateIndex
CREATE INDEX "ApiToken_trustPolicyId_idx" ON "ApiToken"("trustPolicyId");

-- CreateIndex
CREATE INDEX "ApiToken_delegatedFromId_idx" ON "ApiToken"("delegatedFromId");

-- CreateIndex
CREATE INDEX "WorkloadTrust_issuer_idx" ON "WorkloadTrust"("issuer");

-- CreateIndex
CREATE INDEX "WorkloadTrust_serviceAccountId_idx" ON "WorkloadTrust"("serviceAccountId");

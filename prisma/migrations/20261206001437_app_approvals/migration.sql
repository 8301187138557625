-- CreateTable
CREATE TABLE "AppApproval" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "clientName" TEXT NOT NULL,
    "redirectHost" TEXT NOT NULL,
    "requestedScopes" TEXT NOT NULL,
    "requestedById" TEXT,
    "decidedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME,
    CONSTRAINT "AppApproval_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AppApproval_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "OAuthClient" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Organization" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "policyMaxExpiryDays" INTEGER,
    "policyMaxRateLimitPerHour" INTEGER,
    "policyMemberScopes" TEXT,
    "policyApprovalForWrite" BOOLEAN NOT NULL DEFAULT false,
    "policyRequireAddresses" BOOLEAN NOT NULL DEFAULT false,
    "policyAppAccessMinutes" INTEGER,
    "policyAppRefreshDays" INTEGER,
    "policyConnectedApps" TEXT NOT NULL DEFAULT 'any',
    "webhookUrl" TEXT,
    "webhookSecretNonce" TEXT
);
INSERT INTO "new_Organization" ("createdAt", "id", "name", "policyAppAccessMinutes", "policyAppRefreshDays", "policyApprovalForWrite", "policyMaxExpiryDays", "policyMaxRateLimitPerHour", "policyMemberScopes", "policyRequireAddresses", "webhookSecretNonce", "webhookUrl") SELECT "createdAt", "id", "name", "policyAppAccessMinutes", "policyAppRefreshDays", "policyApprovalForWrite", "policyMaxExpiryDays", "policyMaxRateLimitPerHour", "policyMemberScopes", "policyRequireAddresses", "webhookSecretNonce", "webhookUrl" FROM "Organization";
DROP TABLE "Organization";
ALTER TABLE "new_Organization" RENAME TO "Organization";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "AppApproval_orgId_clientId_key" ON "AppApproval"("orgId", "clientId");

-- CreateTable
CREATE TABLE "ServiceClient" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serviceAccountId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "authMethod" TEXT NOT NULL,
    "secretHash" TEXT,
    "secretHint" TEXT,
    "jwks" TEXT,
    "jwksUri" TEXT,
    "scopes" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    CONSTRAINT "ServiceClient_serviceAccountId_fkey" FOREIGN KEY ("serviceAccountId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UsedClientAssertion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "expiresAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ApiToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "hint" TEXT NOT NULL DEFAULT '',
    "scopes" TEXT NOT NULL,
    "rateLimitPerHour" INTEGER NOT NULL DEFAULT 1000,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "lastUsedAt" DATETIME,
    "revokedAt" DATETIME,
    "revokedReason" TEXT,
    "rotatedFromId" TEXT,
    "approval" TEXT NOT NULL DEFAULT 'approved',
    "approvalReason" TEXT,
    "approvalNote" TEXT,
    "approvedById" TEXT,
    "allowedAddresses" TEXT NOT NULL DEFAULT '',
    "grantId" TEXT,
    "serviceClientId" TEXT,
    CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiToken_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiToken_rotatedFromId_fkey" FOREIGN KEY ("rotatedFromId") REFERENCES "ApiToken" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ApiToken_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "OAuthGrant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiToken_serviceClientId_fkey" FOREIGN KEY ("serviceClientId") REFERENCES "ServiceClient" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ApiToken" ("allowedAddresses", "approval", "approvalNote", "approvalReason", "approvedById", "createdAt", "expiresAt", "grantId", "hint", "id", "lastUsedAt", "name", "orgId", "rateLimitPerHour", "revokedAt", "revokedReason", "rotatedFromId", "scopes", "tokenHash", "userId") SELECT "allowedAddresses", "approval", "approvalNote", "approvalReason", "approvedById", "createdAt", "expiresAt", "grantId", "hint", "id", "lastUsedAt", "name", "orgId", "rateLimitPerHour", "revokedAt", "revokedReason", "rotatedFromId", "scopes", "tokenHash", "userId" FROM "ApiToken";
DROP TABLE "ApiToken";
ALTER TABLE "new_ApiToken" RENAME TO "ApiToken";
CREATE UNIQUE INDEX "ApiToken_rotatedFromId_key" ON "ApiToken"("rotatedFromId");
CREATE INDEX "ApiToken_userId_createdAt_idx" ON "ApiToken"("userId", "createdAt");
CREATE INDEX "ApiToken_orgId_createdAt_idx" ON "ApiToken"("orgId", "createdAt");
CREATE INDEX "ApiToken_grantId_idx" ON "ApiToken"("grantId");
CREATE INDEX "ApiToken_serviceClientId_idx" ON "ApiToken"("serviceClientId");
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "passwordHash" TEXT NOT NULL,
    "mcpAdmin" BOOLEAN NOT NULL DEFAULT false,
    "currentOrgId" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'person',
    "disabledAt" DATETIME,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_User" ("createdAt", "currentOrgId", "email", "id", "mcpAdmin", "name", "passwordHash") SELECT "createdAt", "currentOrgId", "email", "id", "mcpAdmin", "name", "passwordHash" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ServiceClient_serviceAccountId_idx" ON "ServiceClient"("serviceAccountId");

-- CreateIndex
CREATE INDEX "UsedClientAssertion_expiresAt_idx" ON "UsedClientAssertion"("expiresAt");

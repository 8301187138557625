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
    CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiToken_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiToken_rotatedFromId_fkey" FOREIGN KEY ("rotatedFromId") REFERENCES "ApiToken" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ApiToken_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "OAuthGrant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ApiToken" ("allowedAddresses", "createdAt", "expiresAt", "grantId", "hint", "id", "lastUsedAt", "name", "orgId", "rateLimitPerHour", "revokedAt", "revokedReason", "rotatedFromId", "scopes", "tokenHash", "userId") SELECT "allowedAddresses", "createdAt", "expiresAt", "grantId", "hint", "id", "lastUsedAt", "name", "orgId", "rateLimitPerHour", "revokedAt", "revokedReason", "rotatedFromId", "scopes", "tokenHash", "userId" FROM "ApiToken";
DROP TABLE "ApiToken";
ALTER TABLE "new_ApiToken" RENAME TO "ApiToken";
CREATE UNIQUE INDEX "ApiToken_rotatedFromId_key" ON "ApiToken"("rotatedFromId");
CREATE INDEX "ApiToken_userId_createdAt_idx" ON "ApiToken"("userId", "createdAt");
CREATE INDEX "ApiToken_orgId_createdAt_idx" ON "ApiToken"("orgId", "createdAt");
CREATE INDEX "ApiToken_grantId_idx" ON "ApiToken"("grantId");
CREATE TABLE "new_Organization" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "policyMaxExpiryDays" INTEGER,
    "policyMaxRateLimitPerHour" INTEGER,
    "policyMemberScopes" TEXT,
    "policyApprovalForWrite" BOOLEAN NOT NULL DEFAULT false,
    "policyRequireAddresses" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_Organization" ("createdAt", "id", "name") SELECT "createdAt", "id", "name" FROM "Organization";
DROP TABLE "Organization";
ALTER TABLE "new_Organization" RENAME TO "Organization";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

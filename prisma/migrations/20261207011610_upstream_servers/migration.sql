-- CreateTable
CREATE TABLE "UpstreamServer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "UpstreamServer_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "serverId" TEXT,
    CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiToken_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiToken_rotatedFromId_fkey" FOREIGN KEY ("rotatedFromId") REFERENCES "ApiToken" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "ApiToken_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "OAuthGrant" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiToken_serviceClientId_fkey" FOREIGN KEY ("serviceClientId") REFERENCES "ServiceClient" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ApiToken_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "UpstreamServer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ApiToken" ("allowedAddresses", "approval", "approvalNote", "approvalReason", "approvedById", "createdAt", "expiresAt", "grantId", "hint", "id", "lastUsedAt", "name", "orgId", "rateLimitPerHour", "revokedAt", "revokedReason", "rotatedFromId", "scopes", "serviceClientId", "tokenHash", "userId") SELECT "allowedAddresses", "approval", "approvalNote", "approvalReason", "approvedById", "createdAt", "expiresAt", "grantId", "hint", "id", "lastUsedAt", "name", "orgId", "rateLimitPerHour", "revokedAt", "revokedReason", "rotatedFromId", "scopes", "serviceClientId", "tokenHash", "userId" FROM "ApiToken";
DROP TABLE "ApiToken";
ALTER TABLE "new_ApiToken" RENAME TO "ApiToken";
CREATE UNIQUE INDEX "ApiToken_rotatedFromId_key" ON "ApiToken"("rotatedFromId");
CREATE INDEX "ApiToken_userId_createdAt_idx" ON "ApiToken"("userId", "createdAt");
CREATE INDEX "ApiToken_orgId_createdAt_idx" ON "ApiToken"("orgId", "createdAt");
CREATE INDEX "ApiToken_grantId_idx" ON "ApiToken"("grantId");
CREATE INDEX "ApiToken_serviceClientId_idx" ON "ApiToken"("serviceClientId");
CREATE INDEX "ApiToken_serverId_idx" ON "ApiToken"("serverId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "UpstreamServer_slug_key" ON "UpstreamServer"("slug");

-- CreateIndex
CREATE INDEX "UpstreamServer_orgId_idx" ON "UpstreamServer"("orgId");

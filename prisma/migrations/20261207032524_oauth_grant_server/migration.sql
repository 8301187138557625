-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OAuthGrant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clientId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "grantedBy" TEXT NOT NULL DEFAULT 'consent',
    "serverId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    "revokedReason" TEXT,
    CONSTRAINT "OAuthGrant_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "UpstreamServer" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OAuthGrant_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "OAuthClient" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OAuthGrant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OAuthGrant_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_OAuthGrant" ("clientId", "createdAt", "grantedBy", "id", "orgId", "revokedAt", "revokedReason", "scopes", "userId") SELECT "clientId", "createdAt", "grantedBy", "id", "orgId", "revokedAt", "revokedReason", "scopes", "userId" FROM "OAuthGrant";
DROP TABLE "OAuthGrant";
ALTER TABLE "new_OAuthGrant" RENAME TO "OAuthGrant";
CREATE INDEX "OAuthGrant_userId_createdAt_idx" ON "OAuthGrant"("userId", "createdAt");
CREATE INDEX "OAuthGrant_orgId_createdAt_idx" ON "OAuthGrant"("orgId", "createdAt");
CREATE INDEX "OAuthGrant_serverId_idx" ON "OAuthGrant"("serverId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

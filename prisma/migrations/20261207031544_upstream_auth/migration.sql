-- CreateTable
CREATE TABLE "SigningKey" (
    "kid" TEXT NOT NULL PRIMARY KEY,
    "generation" INTEGER NOT NULL,
    "publicJwk" TEXT NOT NULL,
    "privateJwk" TEXT NOT NULL,
    "activeFrom" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_UpstreamServer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orgId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "authMode" TEXT NOT NULL DEFAULT 'none',
    "authHeader" TEXT,
    "authSecret" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "UpstreamServer_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_UpstreamServer" ("createdAt", "createdById", "id", "name", "orgId", "slug", "updatedAt", "url") SELECT "createdAt", "createdById", "id", "name", "orgId", "slug", "updatedAt", "url" FROM "UpstreamServer";
DROP TABLE "UpstreamServer";
ALTER TABLE "new_UpstreamServer" RENAME TO "UpstreamServer";
CREATE UNIQUE INDEX "UpstreamServer_slug_key" ON "UpstreamServer"("slug");
CREATE INDEX "UpstreamServer_orgId_idx" ON "UpstreamServer"("orgId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "SigningKey_generation_key" ON "SigningKey"("generation");

-- CreateTable
CREATE TABLE "TotpAuthenticator" (
    "userId" TEXT NOT NULL PRIMARY KEY,
    "secretSealed" TEXT NOT NULL,
    "confirmedAt" DATETIME,
    "lastStep" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "TotpAuthenticator_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "webhookSecretNonce" TEXT,
    "requireSecondFactor" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_Organization" ("createdAt", "id", "name", "policyAppAccessMinutes", "policyAppRefreshDays", "policyApprovalForWrite", "policyConnectedApps", "policyMaxExpiryDays", "policyMaxRateLimitPerHour", "policyMemberScopes", "policyRequireAddresses", "webhookSecretNonce", "webhookUrl") SELECT "createdAt", "id", "name", "policyAppAccessMinutes", "policyAppRefreshDays", "policyApprovalForWrite", "policyConnectedApps", "policyMaxExpiryDays", "policyMaxRateLimitPerHour", "policyMemberScopes", "policyRequireAddresses", "webhookSecretNonce", "webhookUrl" FROM "Organization";
DROP TABLE "Organization";
ALTER TABLE "new_Organization" RENAME TO "Organization";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "policyConnectedApps" TEXT NOT NULL DEFAULT 'any';

-- CreateTable
CREATE TABLE "AppApproval" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "clientName" TEXT NOT NULL,
    "redirectHost" TEXT NOT NULL,
    "requestedScopes" TEXT NOT NULL,
    "requestedById" TEXT,
    "decidedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "AppApproval_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AppApproval_orgId_clientId_key" ON "AppApproval"("orgId", "clientId");

-- AddForeignKey
ALTER TABLE "AppApproval" ADD CONSTRAINT "AppApproval_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AppApproval" ADD CONSTRAINT "AppApproval_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "OAuthClient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

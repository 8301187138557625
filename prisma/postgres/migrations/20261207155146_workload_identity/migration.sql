-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "delegatedFromId" TEXT,
ADD COLUMN     "trustPolicyId" TEXT,
ADD COLUMN     "workload" TEXT;

-- CreateTable
CREATE TABLE "WorkloadTrust" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "WorkloadTrust_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WorkloadTrust_issuer_idx" ON "WorkloadTrust"("issuer");

-- CreateIndex
CREATE INDEX "WorkloadTrust_serviceAccountId_idx" ON "WorkloadTrust"("serviceAccountId");

-- CreateIndex
CREATE INDEX "ApiToken_trustPolicyId_idx" ON "ApiToken"("trustPolicyId");

-- CreateIndex
CREATE INDEX "ApiToken_delegatedFromId_idx" ON "ApiToken"("delegatedFromId");

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_trustPolicyId_fkey" FOREIGN KEY ("trustPolicyId") REFERENCES "WorkloadTrust"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_delegatedFromId_fkey" FOREIGN KEY ("delegatedFromId") REFERENCES "ApiToken"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkloadTrust" ADD CONSTRAINT "WorkloadTrust_serviceAccountId_fkey" FOREIGN KEY ("serviceAccountId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

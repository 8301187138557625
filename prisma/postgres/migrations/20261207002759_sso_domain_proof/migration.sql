-- Domain claims made before proof existed carry over unproven ("proven" NULL): they admit no one
-- until their organization publishes the DNS TXT record Keyway gives it.
-- DropIndex
DROP INDEX "SsoDomain_orgId_idx";

-- AlterTable
ALTER TABLE "UserSession" ADD COLUMN     "ssoOrgId" TEXT;

-- AlterTable
ALTER TABLE "SsoDomain" DROP CONSTRAINT "SsoDomain_pkey",
ADD COLUMN     "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "proven" TEXT,
ADD COLUMN     "provenAt" TIMESTAMP(3),
ADD CONSTRAINT "SsoDomain_pkey" PRIMARY KEY ("orgId", "domain");

-- CreateIndex
CREATE UNIQUE INDEX "SsoDomain_proven_key" ON "SsoDomain"("proven");

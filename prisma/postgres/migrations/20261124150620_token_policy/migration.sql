-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "policyApprovalForWrite" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "policyMaxExpiryDays" INTEGER,
ADD COLUMN     "policyMaxRateLimitPerHour" INTEGER,
ADD COLUMN     "policyMemberScopes" TEXT,
ADD COLUMN     "policyRequireAddresses" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "approval" TEXT NOT NULL DEFAULT 'approved',
ADD COLUMN     "approvalNote" TEXT,
ADD COLUMN     "approvalReason" TEXT,
ADD COLUMN     "approvedById" TEXT;

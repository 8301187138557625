-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "policyRequireDpop" BOOLEAN NOT NULL DEFAULT false;

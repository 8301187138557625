-- AlterTable
ALTER TABLE "Organization" ADD COLUMN "policyAppAccessMinutes" INTEGER;
ALTER TABLE "Organization" ADD COLUMN "policyAppRefreshDays" INTEGER;

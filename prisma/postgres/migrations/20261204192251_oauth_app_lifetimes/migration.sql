-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "policyAppAccessMinutes" INTEGER,
ADD COLUMN     "policyAppRefreshDays" INTEGER;

-- AlterTable: a column added at the end needs no rebuild of the table.
ALTER TABLE "Organization" ADD COLUMN "policyRequireDpop" BOOLEAN NOT NULL DEFAULT false;

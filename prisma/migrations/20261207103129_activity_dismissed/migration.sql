-- AlterTable: nullable columns added at the end need no rebuild of the table.
ALTER TABLE "ActivityFlag" ADD COLUMN "dismissedAt" DATETIME;
ALTER TABLE "ActivityFlag" ADD COLUMN "dismissedById" TEXT;

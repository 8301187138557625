-- AlterTable
ALTER TABLE "ActivityFlag" ADD COLUMN     "dismissedAt" TIMESTAMP(3),
ADD COLUMN     "dismissedById" TEXT;

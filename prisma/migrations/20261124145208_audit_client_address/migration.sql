-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "clientAddress" TEXT;

-- CreateIndex
CREATE INDEX "AuditEvent_orgId_action_createdAt_idx" ON "AuditEvent"("orgId", "action", "createdAt");

-- AlterTable: a column added at the end, with a default, needs no rebuild of the table.
ALTER TABLE "WebhookDelivery" ADD COLUMN "event" TEXT NOT NULL DEFAULT 'token.unusual_activity';

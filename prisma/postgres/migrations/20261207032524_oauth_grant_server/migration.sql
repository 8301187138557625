-- AlterTable
ALTER TABLE "OAuthGrant" ADD COLUMN     "serverId" TEXT;

-- CreateIndex
CREATE INDEX "OAuthGrant_serverId_idx" ON "OAuthGrant"("serverId");

-- AddForeignKey
ALTER TABLE "OAuthGrant" ADD CONSTRAINT "OAuthGrant_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "UpstreamServer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "ApiToken" ADD COLUMN     "serverId" TEXT;

-- CreateTable
CREATE TABLE "UpstreamServer" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UpstreamServer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "UpstreamServer_slug_key" ON "UpstreamServer"("slug");

-- CreateIndex
CREATE INDEX "UpstreamServer_orgId_idx" ON "UpstreamServer"("orgId");

-- CreateIndex
CREATE INDEX "ApiToken_serverId_idx" ON "ApiToken"("serverId");

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "UpstreamServer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpstreamServer" ADD CONSTRAINT "UpstreamServer_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

import type { Metadata } from "next";
import { ApiTokens } from "@/components/tokens/api-tokens";
import { requirePageUser } from "@/lib/auth/session-user";
import { config } from "@/lib/config";
import { managesOrganization } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "API Tokens" };

export default async function TokensPage() {
  const user = await requirePageUser("/tokens");
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">API Tokens</h1>
        <p className="mt-1 text-sm text-slate-600">
          Tokens let MCP clients such as Cursor, VS Code and Claude Code reach <code>{config().appUrl}/mcp</code> on
          your behalf.
        </p>
      </div>
      <ApiTokens userId={user.id} mcpUrl={`${config().appUrl}/mcp`} canSeeOrganization={managesOrganization(user)} />
    </div>
  );
}

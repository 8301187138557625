import type { Metadata } from "next";
import { urls } from "@/lib/urls";
import { ApiTokens } from "@/components/tokens/api-tokens";
import { requirePageUser } from "@/lib/auth/session-user";
import { managesOrganization } from "@/lib/auth/roles";
import { linkableToken } from "@/lib/tokens/find-token";
import { listTokens } from "@/lib/tokens/list-tokens";
import { listTokensQuerySchema } from "@/lib/tokens/schemas";
import { listQuery, listViewFrom } from "@/components/tokens/list-view";

export const metadata: Metadata = { title: "API Tokens" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// /tokens?tab=list|generate|apps opens that tab, and /tokens?token=<id> a token's usage, so a
// link can lead straight to either.
export default async function TokensPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePageUser("/tokens");
  const query = await searchParams;
  const { tab, token } = query;
  const linked = typeof token === "string" ? await linkableToken(user, token) : null;
  // The list's first page, rendered with the page (no load after it appears): the view the address
  // asks for, when the person may see it (otherwise the list says why, as it loads).
  const view = listViewFrom({ get: (name) => (typeof query[name] === "string" ? query[name] : null) });
  const first = listTokensQuerySchema.safeParse(listQuery(view));
  const firstPage =
    first.success && (view.scope === "mine" || managesOrganization(user))
      ? await listTokens(user, first.data)
      : undefined;
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">API Tokens</h1>
        <p className="mt-1 text-sm text-slate-600">
          Tokens let MCP clients such as Cursor, VS Code and Claude Code reach <code>{urls.mcp()}</code> on your behalf.
        </p>
      </div>
      <ApiTokens
        userId={user.id}
        role={user.role}
        canSeeOrganization={managesOrganization(user)}
        initialTab={typeof tab === "string" ? tab : undefined}
        linkedToken={linked ?? undefined}
        firstPage={firstPage}
      />
    </div>
  );
}

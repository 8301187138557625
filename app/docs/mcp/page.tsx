import type { Metadata } from "next";
import { urls } from "@/lib/urls";
import Link from "next/link";
import { currentPageUser } from "@/lib/auth/session-user";
import { config } from "@/lib/config";
import { SCOPE_INFO, SCOPES } from "@/lib/scopes";
import { clientConfigs } from "@/lib/tokens/client-config";
import { listServers } from "@/lib/upstream/servers";
import { TOOLS } from "@/lib/mcp/server";
import { SiteHeader } from "@/components/site-header";
import { DataTable, type Column } from "@/components/data-table";

export const metadata: Metadata = { title: "Connecting to Keyway's MCP endpoint" };

const TOOL_COLUMNS: Column<(typeof TOOLS)[number]>[] = [
  { header: "Tool", cell: (tool) => <code>{tool.name}</code> },
  { header: "What it does", cell: (tool) => tool.description },
  {
    header: "Needs",
    cell: (tool) =>
      ["execute:mcp", ...tool.scopes].map((scope) => (
        <code key={scope} className="mr-1 block">
          {scope}
        </code>
      )),
  },
];

// The page the resource metadata's `resource_documentation` points at. Signed in, it also lists
// the organization's own MCP servers served through Keyway, with how to connect to each.
export default async function McpDocsPage() {
  const url = urls.mcp();
  const user = await currentPageUser();
  const servers = user ? (await listServers(user)).servers : [];
  return (
    <>
      {/* Signed in, the same header as every page of the console. */}
      {user && <SiteHeader user={user} />}
      <main id="main" tabIndex={-1} className="mx-auto max-w-3xl px-4 py-8 text-sm leading-6 focus:outline-none">
        <nav aria-label="Back" className="mb-4">
          <Link href="/tokens" className="text-indigo-700 hover:underline">
            ← Back to API Tokens
          </Link>
        </nav>
        <h1 className="text-2xl font-semibold">Connecting to Keyway&apos;s MCP endpoint</h1>
        <p className="mt-3">
          Keyway serves MCP over Streamable HTTP at <code>{url}</code>. Every request carries{" "}
          <code>Authorization: Bearer &lt;token&gt;</code> with an API token generated on the API Tokens page.
        </p>
        <h2 className="mt-6 text-lg font-semibold">Scopes</h2>
        <ul className="mt-2 list-disc pl-5">
          {SCOPES.map((scope) => (
            <li key={scope}>
              <code>{scope}</code>: {SCOPE_INFO[scope].description} ({SCOPE_INFO[scope].permission})
            </li>
          ))}
        </ul>
        <h2 className="mt-6 text-lg font-semibold">Tools</h2>
        <p className="mt-2">Each tool, and the scopes a token needs to call it (a write scope holds its read scope).</p>
        <DataTable
          caption="Tools and the scopes they need"
          columns={TOOL_COLUMNS}
          rows={TOOLS}
          rowKey="name"
          rowTestId="docs-tool"
          className="mt-2"
        />
        <h2 className="mt-6 text-lg font-semibold">Errors</h2>
        <p className="mt-2">
          401 with <code>WWW-Authenticate: Bearer</code> means the token is missing, invalid, expired or revoked; 403{" "}
          <code>insufficient_scope</code> names the missing scope; 429 carries <code>Retry-After</code>.
        </p>
        <h2 className="mt-6 text-lg font-semibold">Without a token: OAuth</h2>
        <p className="mt-2">
          Clients that only speak OAuth give just the URL: Keyway is the authorization server of its own{" "}
          <code>/mcp</code>. You approve the app on a consent page, choosing what it may do; it appears under API
          Tokens, Connected apps, where you can revoke it.
        </p>
        <h2 className="mt-6 text-lg font-semibold">Your organization&apos;s MCP servers</h2>
        <p className="mt-2">
          MCP servers your team runs are served through Keyway at <code>{url}/servers/&lt;slug&gt;</code>, each a
          resource of its own: a token made for one (choose it under <em>For</em> when generating) reaches it and
          nothing else, and OAuth clients connect with just its URL. The server never sees the client&apos;s token;
          Keyway sends it a signed caller identity it verifies with <code>{config().appUrl}/.well-known/jwks.json</code>
          .
        </p>
        {servers.length > 0 ? (
          <ul className="mt-2 flex flex-col gap-3" aria-label="Your organization's MCP servers">
            {servers.map((server) => (
              <li key={server.id} data-testid="docs-server">
                <p className="font-medium">
                  {server.name}: <code>{server.resource}</code>
                </p>
                <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 text-xs">
                  {clientConfigs(server.resource, "<token for this server>").find((c) => c.id === "claude-code")!.text}
                </pre>
              </li>
            ))}
          </ul>
        ) : (
          user && <p className="mt-2 text-slate-600">Your organization has registered none yet (Organization page).</p>
        )}
      </main>
    </>
  );
}

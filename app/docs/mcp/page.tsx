import type { Metadata } from "next";
import Link from "next/link";
import { config } from "@/lib/config";
import { SCOPE_INFO, SCOPES } from "@/lib/scopes";

export const metadata: Metadata = { title: "Connecting to Keyway's MCP endpoint" };

// The page the resource metadata's `resource_documentation` points at.
export default function McpDocsPage() {
  const url = `${config().appUrl}/mcp`;
  return (
    <main className="mx-auto max-w-3xl px-4 py-8 text-sm leading-6">
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
      <h2 className="mt-6 text-lg font-semibold">Errors</h2>
      <p className="mt-2">
        401 with <code>WWW-Authenticate: Bearer</code> means the token is missing, invalid, expired or revoked; 403{" "}
        <code>insufficient_scope</code> names the missing scope; 429 carries <code>Retry-After</code>.
      </p>
      <h2 className="mt-6 text-lg font-semibold">Without a token: OAuth</h2>
      <p className="mt-2">
        Clients that only speak OAuth give just the URL: Keyway is the authorization server of its own <code>/mcp</code>
        . You approve the app on a consent page, choosing what it may do; it appears under API Tokens, Connected apps,
        where you can revoke it.
      </p>
    </main>
  );
}

// mcp-handler 2.x doing the token work Keyway's /mcp does for the bench's call: the bearer token
// verified with jose (HS256 pinned, the audience checked) on every request, its row read by `jti`
// from Keyway's own SQLite database (not revoked, not expired, the same hash), and a
// `health_check` tool that reads the database. Not done here, and done by Keyway: the rate limit,
// usage and activity records, the policy and address checks.
import { createHash, timingSafeEqual } from "node:crypto";
import Database from "better-sqlite3";
import { jwtVerify } from "jose";
import { createMcpHandler, withMcpAuth } from "mcp-handler";
import { z } from "zod";

// Opened at the first request, not at build time.
let statements;
function store() {
  if (!statements) {
    const database = new Database(process.env.PEER_DATABASE, { readonly: true });
    statements = {
      token: database.prepare('SELECT "tokenHash", "revokedAt", "expiresAt", "scopes" FROM "ApiToken" WHERE "id" = ?'),
      header: database.prepare("PRAGMA user_version"),
    };
  }
  return statements;
}
const key = new TextEncoder().encode(process.env.JWT_SECRET_KEY);
const audience = process.env.PEER_AUDIENCE;

const handler = createMcpHandler(
  (server) => {
    server.registerTool(
      "health_check",
      { description: "Reports the database's state.", inputSchema: z.object({}) },
      async () => {
        store().header.get();
        return { content: [{ type: "text", text: JSON.stringify({ status: "ok", database: "ok" }) }] };
      },
    );
  },
  { serverInfo: { name: "peer", version: "1.0.0" } },
);

async function verifyToken(_request, bearer) {
  if (!bearer) return undefined;
  try {
    const { payload } = await jwtVerify(bearer, key, { algorithms: ["HS256"], audience });
    const row = store().token.get(payload.jti);
    if (!row || row.revokedAt !== null || new Date(row.expiresAt).getTime() < Date.now()) return undefined;
    const hash = createHash("sha256").update(bearer).digest();
    if (!timingSafeEqual(hash, Buffer.from(row.tokenHash, "hex"))) return undefined;
    return { token: bearer, clientId: payload.sub, scopes: row.scopes.split(" "), expiresAt: payload.exp };
  } catch {
    return undefined;
  }
}

const authed = withMcpAuth(handler, verifyToken, { required: true });
export { authed as GET, authed as POST };

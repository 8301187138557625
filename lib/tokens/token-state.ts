import { config } from "../config";
import { db } from "../db/client";
import { sqliteRead } from "../db/sqlite-reader";

/** What verification needs of a token row, checked against the store on every request (revocation is immediate). */
export type TokenState = {
  userId: string;
  orgId: string;
  tokenHash: string;
  scopes: string;
  rateLimitPerHour: number;
  expiresAt: Date;
  revokedAt: Date | null;
  mcpAdmin: boolean;
  /** Space-separated addresses and CIDR ranges; empty when the token may be used from anywhere. */
  allowedAddresses: string;
  /** approved | pending | denied (an organization's approval of write scopes). */
  approval: string;
};

// The one read on the hot path of every /mcp request. On PostgreSQL it goes through Prisma like
// everything else (the network round trip dominates). On the embedded SQLite store it is one
// prepared statement on the reader connection, joined to the user for `mcp:admin`, and its result
// is kept until the database changes: `PRAGMA data_version` moves whenever any other connection
// (Prisma's in this process, or another process) commits, and the reader connection never writes.
// So a kept row is provably the stored row, and a revocation is still seen by the very next
// request; the check costs about a third of the read it replaces (measured in the server).
type Row = Omit<TokenState, "expiresAt" | "revokedAt" | "mcpAdmin"> & {
  expiresAt: number;
  revokedAt: number | null;
  mcpAdmin: number;
};

const TOKEN_STATE_SQL = `SELECT t."userId", t."orgId", t."tokenHash", t."scopes", t."rateLimitPerHour", t."expiresAt", t."revokedAt", t."allowedAddresses", t."approval", u."mcpAdmin"
  FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."id" = ?`;

const KEPT_ROWS = 10_000;
const kept = new Map<string, TokenState>();
let keptVersion = -1;

function readSqliteTokenState(id: string): TokenState | null {
  const version = sqliteRead<[], number>("PRAGMA data_version").pluck().get()!;
  if (version !== keptVersion) {
    kept.clear();
    keptVersion = version;
  }
  const known = kept.get(id);
  if (known) return known;
  const row = sqliteRead<[string], Row>(TOKEN_STATE_SQL).get(id);
  if (!row) return null;
  const state: TokenState = Object.freeze({
    ...row,
    expiresAt: new Date(row.expiresAt),
    revokedAt: row.revokedAt === null ? null : new Date(row.revokedAt),
    mcpAdmin: row.mcpAdmin === 1,
  });
  if (kept.size >= KEPT_ROWS) kept.delete(kept.keys().next().value!);
  kept.set(id, state);
  return state;
}

/**
 * The stored state of token `id`, or null. On SQLite the same object is returned while the row
 * is unchanged, so callers may key derived values on it (on PostgreSQL every call reads anew).
 */
export async function readTokenState(id: string): Promise<TokenState | null> {
  if (config().databaseKind === "sqlite") return readSqliteTokenState(id);
  const row = await db().apiToken.findUnique({
    where: { id },
    select: {
      userId: true,
      orgId: true,
      tokenHash: true,
      scopes: true,
      rateLimitPerHour: true,
      expiresAt: true,
      revokedAt: true,
      allowedAddresses: true,
      approval: true,
      user: { select: { mcpAdmin: true } },
    },
  });
  return row && { ...row, mcpAdmin: row.user.mcpAdmin };
}

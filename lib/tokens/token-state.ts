import { config } from "../config";
import { db } from "../db/client";
import { sqliteRead } from "../db/sqlite-reader";

/** What verification needs of a token row, read fresh on every request (revocation is immediate). */
export type TokenState = {
  userId: string;
  orgId: string;
  tokenHash: string;
  scopes: string;
  rateLimitPerHour: number;
  expiresAt: Date;
  revokedAt: Date | null;
  mcpAdmin: boolean;
};

// The one read on the hot path of every /mcp request. On PostgreSQL it goes through Prisma like
// everything else (the network round trip dominates); on the embedded SQLite store it is one
// prepared statement on the reader connection, joined to the user for `mcp:admin`.
type Row = Omit<TokenState, "expiresAt" | "revokedAt" | "mcpAdmin"> & {
  expiresAt: number;
  revokedAt: number | null;
  mcpAdmin: number;
};

const TOKEN_STATE_SQL = `SELECT t."userId", t."orgId", t."tokenHash", t."scopes", t."rateLimitPerHour", t."expiresAt", t."revokedAt", u."mcpAdmin"
  FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" WHERE t."id" = ?`;

export async function readTokenState(id: string): Promise<TokenState | null> {
  if (config().databaseKind === "sqlite") {
    const row = sqliteRead<[string], Row>(TOKEN_STATE_SQL).get(id);
    if (!row) return null;
    return {
      ...row,
      expiresAt: new Date(row.expiresAt),
      revokedAt: row.revokedAt === null ? null : new Date(row.revokedAt),
      mcpAdmin: row.mcpAdmin === 1,
    };
  }
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
      user: { select: { mcpAdmin: true } },
    },
  });
  return row && { ...row, mcpAdmin: row.user.mcpAdmin };
}

import { config } from "../config";
import { db } from "./client";
import { sqliteRead } from "./sqlite-reader";
import { epochsEnabled, KEPT_MAX_AGE_MS, readEpoch } from "./token-epochs";

// The token store: the one place that reads, keeps and confirms what verification knows of a
// token row, on both stores; the Prisma client invalidates it on every write (./token-epochs.ts).
// The argument is in docs/architecture.md ("Verification without a store read").
//
// - SQLite: one prepared statement on the reader connection, its result kept until the database
//   changes (`PRAGMA data_version` moves whenever another connection commits), so a kept row is
//   provably the stored one.
// - PostgreSQL without Redis: every read is current.
// - PostgreSQL + Redis: an instance keeps a row with the user's epoch read *before* reading the
//   row, and the caller admits a request only when the epoch read in the request's own rate-limit
//   round trip is still that one.

export { epochsEnabled, epochWatch } from "./token-epochs";

/** What verification needs of a token row. */
export type TokenState = {
  userId: string;
  orgId: string;
  tokenHash: string;
  scopes: string;
  rateLimitPerHour: number;
  expiresAt: Date;
  revokedAt: Date | null;
  mcpAdmin: boolean;
  /** When the holder is a disabled service account (its tokens are refused until it is enabled). */
  holderDisabledAt: Date | null;
  /** Space-separated addresses and CIDR ranges; empty when the token may be used from anywhere. */
  allowedAddresses: string;
  /** An upstream server token's tools, space-separated; null: every tool. */
  tools: string | null;
  /** approved | pending | denied (an organization's approval of write scopes). */
  approval: string;
  /** RFC 8693 delegation: the token this one was exchanged from (it stands only while that one does). */
  delegatedFromId: string | null;
  /**
   * The token's organization requires a second factor and its holder, a person with a password,
   * has none: refused until they set one up (lib/auth/second-factor.ts).
   */
  secondFactorMissing: boolean;
  /** The user's token epoch this row was read under (PostgreSQL + Redis); null elsewhere. */
  epoch: string | null;
};

// ---------------------------------------------------------------------------------------------
// Reads

// On SQLite: one prepared statement on the reader connection, joined to the user for `mcp:admin`
// (measured: a third of the read it replaces when kept, 3-10 µs against Prisma's 100-200 µs).
type Row = Omit<
  TokenState,
  "expiresAt" | "revokedAt" | "mcpAdmin" | "holderDisabledAt" | "secondFactorMissing" | "epoch"
> & {
  expiresAt: number;
  revokedAt: number | null;
  mcpAdmin: number;
  holderDisabledAt: number | null;
  secondFactorMissing: number;
};

// The second-factor subqueries run only where the organization requires one (CASE), on the
// primary key of TotpAuthenticator and the userId index of Passkey.
const TOKEN_STATE_SQL = `SELECT t."userId", t."orgId", t."tokenHash", t."scopes", t."rateLimitPerHour", t."expiresAt", t."revokedAt", t."allowedAddresses", t."tools", t."approval", t."delegatedFromId", u."mcpAdmin", u."disabledAt" AS "holderDisabledAt",
    CASE WHEN o."requireSecondFactor" = 1 AND u."kind" = 'person' AND u."passwordHash" <> ''
      THEN NOT EXISTS (SELECT 1 FROM "TotpAuthenticator" a WHERE a."userId" = u."id" AND a."confirmedAt" IS NOT NULL)
       AND NOT EXISTS (SELECT 1 FROM "Passkey" p WHERE p."userId" = u."id")
      ELSE 0 END AS "secondFactorMissing"
  FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId" JOIN "Organization" o ON o."id" = t."orgId" WHERE t."id" = ?`;

const KEPT_ROWS = 10_000;
const keptSqlite = new Map<string, TokenState>();
let keptVersion = -1;

function readSqliteTokenState(id: string): TokenState | null {
  const version = sqliteRead<[], number>("PRAGMA data_version").pluck().get()!;
  if (version !== keptVersion) {
    keptSqlite.clear();
    keptVersion = version;
  }
  const known = keptSqlite.get(id);
  if (known) return known;
  const row = sqliteRead<[string], Row>(TOKEN_STATE_SQL).get(id);
  if (!row) return null;
  const state: TokenState = Object.freeze({
    ...row,
    expiresAt: new Date(row.expiresAt),
    revokedAt: row.revokedAt === null ? null : new Date(row.revokedAt),
    mcpAdmin: row.mcpAdmin === 1,
    holderDisabledAt: row.holderDisabledAt === null ? null : new Date(row.holderDisabledAt),
    secondFactorMissing: row.secondFactorMissing === 1,
    epoch: null,
  });
  if (keptSqlite.size >= KEPT_ROWS) keptSqlite.delete(keptSqlite.keys().next().value!);
  keptSqlite.set(id, state);
  return state;
}

async function readStoredTokenState(id: string, epoch: string | null): Promise<TokenState | null> {
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
      tools: true,
      approval: true,
      delegatedFromId: true,
      user: {
        select: {
          mcpAdmin: true,
          disabledAt: true,
          kind: true,
          passwordHash: true,
          totp: { select: { confirmedAt: true } },
          _count: { select: { passkeys: true } },
        },
      },
      org: { select: { requireSecondFactor: true } },
    },
  });
  if (!row) return null;
  const { user, org, ...rest } = row;
  const secondFactorMissing =
    org.requireSecondFactor &&
    user.kind === "person" &&
    user.passwordHash !== "" &&
    !user.totp?.confirmedAt &&
    user._count.passkeys === 0;
  return Object.freeze({
    ...rest,
    mcpAdmin: user.mcpAdmin,
    holderDisabledAt: user.disabledAt,
    secondFactorMissing,
    epoch,
  });
}

// PostgreSQL + Redis: rows kept per instance with the epoch read before reading them. Absent
// tokens are never kept, so a new token is found at once.
const keptRows = new Map<string, { state: TokenState; readAt: number }>();

function keptRow(id: string) {
  const entry = keptRows.get(id);
  return entry && Date.now() - entry.readAt < KEPT_MAX_AGE_MS ? entry.state : undefined;
}

/**
 * How current the state must be. `current`: as stored now. `kept`: this instance's kept row may be
 * returned unconfirmed, and the caller confirms it (`isCurrentState`) with the epoch its rate-limit
 * round trip reads. `{ epoch }`: as stored when the user's epoch was that one. On SQLite, and on
 * PostgreSQL without Redis, every read is current.
 */
export type Freshness = "current" | "kept" | { epoch: string };

/**
 * The stored state of token `id` of user `userId` (the JWT's subject, whose epoch applies), or
 * null. Where rows are kept the same object is returned while the row is unchanged, so callers
 * may key derived values on it.
 */
export async function readTokenState(
  id: string,
  userId: string,
  freshness: Freshness = "current",
): Promise<TokenState | null> {
  if (config().databaseKind === "sqlite") return readSqliteTokenState(id);
  if (!epochsEnabled() || freshness === "current") return readStoredTokenState(id, null);
  const known = keptRow(id);
  if (freshness === "kept" && known) return known;
  // The epoch is read before the row: a change committed after that read announces a newer one.
  const epoch = freshness === "kept" ? await readEpoch(userId) : freshness.epoch;
  if (known?.epoch === epoch) return known;
  const state = await readStoredTokenState(id, epoch);
  if (!state) {
    keptRows.delete(id);
    return null;
  }
  if (keptRows.size >= KEPT_ROWS) keptRows.delete(keptRows.keys().next().value!);
  keptRows.set(id, { state, readAt: Date.now() });
  return state;
}

/** Whether `state` is still the stored state of token `id`, given the user's epoch now. */
export function isCurrentState(id: string, state: TokenState, epoch: string | null): boolean {
  if (state.epoch === null) return true;
  return epoch === state.epoch && keptRow(id) === state;
}

// The row and query types domain code uses. Both stores' clients are generated from the same
// models (the PostgreSQL schema is derived from the SQLite one), so the SQLite client's types
// stand for both; domain modules import them from here, never from a generated client.
export type {
  Agent,
  ApiToken,
  Invitation,
  Prisma,
  Task,
  SigningKey,
  UpstreamServer,
  WebhookDelivery,
  WorkloadTrust,
} from "./generated/sqlite/client";

import type { PrismaClient } from "./generated/sqlite/client";

/** A Prisma client of either store (the SQLite client's type stands for both). */
export type Db = PrismaClient;

import { z } from "zod";
import { pingDatabase } from "./db/ping";

export const KEYWAY_VERSION = "0.1.0";

/** Keyway answers and so does its store; throws (a 503 at the edge) when the store does not. */
export async function checkHealth() {
  await pingDatabase();
  return { status: "ok" as const, database: "ok" as const, version: KEYWAY_VERSION };
}

export const healthSchema = z.object({
  status: z.literal("ok"),
  database: z.literal("ok"),
  version: z.string(),
});

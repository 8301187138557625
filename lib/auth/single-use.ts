import { db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { hashSecret } from "./secret-hash";

/**
 * Marks `key` used until `expiresAt` and says whether this was its first use: one insert, whose
 * unique id (the key's hash) refuses any second use, on every instance. For what may be presented
 * once only (a client assertion's or an ID-JAG's jti, a passkey challenge); the retention job
 * prunes marks past their expiry, when the thing they guard is refused anyway.
 */
export async function firstUse(key: string, expiresAt: Date): Promise<boolean> {
  try {
    await db().usedClientAssertion.create({ data: { id: hashSecret(key), expiresAt } });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

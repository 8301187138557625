import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { seal, unseal } from "../auth/sealed";
import { config } from "../config";
import { db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import type { SigningKey } from "../db/types";

// The keys Keyway signs caller identities with (./caller-identity.ts), published as a JWK Set at
// jwks_uri. RS256, the algorithm stock verifiers expect when told nothing. Keys rotate by
// generation, shared by every instance through the store: the next key is published
// `publishAheadSeconds` before it signs (so verifiers that cache the set have it), and a replaced
// key stays published until everything it signed has expired.

export const IDENTITY_ALGORITHM = "RS256";
/** How long a caller identity is valid; the upstream sees a fresh one well before it expires. */
export const ASSERTION_LIFETIME_SECONDS = 300;
/** Clock skew verifiers allow, added before a replaced key leaves the set. */
const SKEW_SECONDS = 60;
/** How long an instance trusts its copy of the keys; shorter than any publish-ahead that works. */
const KEYS_KEPT_MS = 1_000;

type KeyRow = Pick<SigningKey, "kid" | "generation" | "activeFrom" | "createdAt">;
export type KeySettings = { rotationSeconds: number; publishAheadSeconds: number };

/**
 * What the stored keys mean at `now` (pure): the key that signs, the keys to publish, the next
 * generation to create (and when it starts signing), and the keys no verifier needs any more.
 */
export function keySchedule<K extends KeyRow>(keys: readonly K[], now: Date, settings: KeySettings) {
  const sorted = [...keys].sort((a, b) => a.generation - b.generation);
  const started = sorted.filter((key) => key.activeFrom <= now);
  const signing = started.at(-1) ?? null;
  const pending = sorted.some((key) => key.activeFrom > now);
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  let create: { generation: number; activeFrom: Date } | null = null;
  if (!signing) {
    // The first key: nothing was ever signed, so no verifier has a set to be ahead of.
    if (!pending) create = { generation: (sorted.at(-1)?.generation ?? 0) + 1, activeFrom: now };
  } else if (
    !pending &&
    now.getTime() >= signing.activeFrom.getTime() + (settings.rotationSeconds - settings.publishAheadSeconds) * 1000
  ) {
    create = { generation: sorted.at(-1)!.generation + 1, activeFrom: at(settings.publishAheadSeconds) };
  }
  // A key replaced by a successor that started at T signed nothing valid after T + lifetime.
  const retired = sorted.filter((key, index) => {
    const successor = sorted.slice(index + 1).find((later) => later.activeFrom <= now);
    return (
      successor !== undefined &&
      successor.activeFrom.getTime() + (ASSERTION_LIFETIME_SECONDS + SKEW_SECONDS) * 1000 < now.getTime()
    );
  });
  const published = sorted.filter((key) => !retired.includes(key));
  return { signing, published, create, retired };
}

type LoadedKey = {
  kid: string;
  generation: number;
  activeFrom: Date;
  createdAt: Date;
  publicJwk: JWK;
  privateJwk: string;
};
let kept: { at: number; keys: LoadedKey[] } | undefined;

async function createKey(generation: number, activeFrom: Date) {
  const { publicKey, privateKey } = await generateKeyPair(IDENTITY_ALGORITHM, {
    modulusLength: 2048,
    extractable: true,
  });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: IDENTITY_ALGORITHM, use: "sig" };
  try {
    await db().signingKey.create({
      data: {
        kid,
        generation,
        activeFrom,
        publicJwk: JSON.stringify(publicJwk),
        privateJwk: await seal("signing-key", { jwk: await exportJWK(privateKey), kid }),
      },
    });
  } catch (error) {
    // Another instance created this generation first: theirs is the one.
    if (!isUniqueViolation(error)) throw error;
  }
}

/** The stored keys after the schedule is applied: a due key created, retired keys removed. */
async function loadKeys(now: Date): Promise<LoadedKey[]> {
  let rows = await db().signingKey.findMany();
  let schedule = keySchedule(rows, now, config().identityKeys);
  if (schedule.create) {
    await createKey(schedule.create.generation, schedule.create.activeFrom);
    rows = await db().signingKey.findMany();
    schedule = keySchedule(rows, now, config().identityKeys);
  }
  if (schedule.retired.length > 0) {
    await db().signingKey.deleteMany({ where: { kid: { in: schedule.retired.map((key) => key.kid) } } });
  }
  return schedule.published.map((row) => ({ ...row, publicJwk: JSON.parse(row.publicJwk) as JWK }));
}

let loading: Promise<LoadedKey[]> | undefined;

/** The keys as they stand now; one load at a time per instance. */
async function currentKeys(now = new Date()) {
  if (!kept || Date.now() - kept.at >= KEYS_KEPT_MS) {
    loading ??= loadKeys(now).finally(() => (loading = undefined));
    kept = { at: Date.now(), keys: await loading };
  }
  return keySchedule(kept.keys, now, config().identityKeys);
}

/** The JWK Set verifiers fetch from jwks_uri: public keys only, the next one included. */
export async function publishedKeys(): Promise<{ keys: JWK[] }> {
  const { published } = await currentKeys();
  return { keys: published.map((key) => key.publicJwk) };
}

const privateKeys = new Map<string, Promise<CryptoKey | Uint8Array>>();

/** The key that signs now, with its kid. */
export async function signingKey(): Promise<{ kid: string; key: CryptoKey | Uint8Array }> {
  const { signing } = await currentKeys();
  if (!signing) throw new Error("no signing key");
  let key = privateKeys.get(signing.kid);
  if (!key) {
    key = unseal<{ jwk: JWK; kid: string }>("signing-key", signing.privateJwk).then((opened) => {
      if (!opened || opened.kid !== signing.kid) throw new Error(`signing key ${signing.kid} does not open`);
      return importJWK(opened.jwk, IDENTITY_ALGORITHM);
    });
    privateKeys.set(signing.kid, key);
    key.catch(() => privateKeys.delete(signing.kid));
  }
  return { kid: signing.kid, key: await key };
}

import { createPublicKey, verify, type KeyObject } from "node:crypto";
import { z } from "zod";
import { hashSecret } from "../auth/secret-hash";
import { config } from "../config";
import { DomainError } from "../errors";
import { log } from "../log";
import { guardedFetch } from "../net/outbound";
import { endLeakedSecret } from "./leaks";

// GitHub's secret-scanning partner format: GitHub finds a Keyway secret in public (with the
// pattern lib/auth/secret-format.ts documents) and POSTs a JSON array of matches, signed with
// ECDSA P-256 / SHA-256 over the raw body by a key it publishes (`Github-Public-Key-Identifier`,
// `Github-Public-Key-Signature`). A report whose signature does not verify against the published
// keys ends nothing. The answer labels each match true or false positive, by the SHA-256 of the
// token (never the token itself).

export const MAX_REPORT_BYTES = 1024 * 1024;
const MAX_MATCHES = 1000;
const KEYS_LIMITS = { timeoutMs: 5_000, maxBytes: 256 * 1024 };
// Keys are read again when a report names one not known yet, at most once a minute.
const REFRESH_MS = 60_000;

const publishedKeysSchema = z.object({
  public_keys: z.array(z.object({ key_identifier: z.string(), key: z.string() })).max(100),
});
const reportSchema = z
  .array(
    z.object({
      token: z.string().min(1).max(4096),
      type: z.string().max(200).optional(),
      url: z.string().max(2048).optional().nullable(),
      source: z.string().max(100).optional().nullable(),
    }),
  )
  .max(MAX_MATCHES);

const published = { keys: new Map<string, KeyObject>(), fetchedAt: 0 };

async function publishedKey(id: string): Promise<KeyObject | undefined> {
  const known = published.keys.get(id);
  if (known || Date.now() - published.fetchedAt < REFRESH_MS) return known;
  published.fetchedAt = Date.now();
  try {
    const response = await guardedFetch(config().outbound, KEYS_LIMITS)(config().secretScanningKeysUrl, {
      headers: { accept: "application/json", "user-agent": "Keyway-Secret-Scanning/1" },
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const { public_keys } = publishedKeysSchema.parse(await response.json());
    published.keys = new Map(public_keys.map((entry) => [entry.key_identifier, createPublicKey(entry.key)]));
  } catch (error) {
    log("warn", "secret_scanning.keys_unavailable", { reason: (error as Error).message });
  }
  return published.keys.get(id);
}

function signedBy(key: KeyObject, raw: string, signature: string): boolean {
  try {
    return verify("sha256", Buffer.from(raw), { key, dsaEncoding: "der" }, Buffer.from(signature, "base64"));
  } catch {
    return false; // not a signature of this key's kind
  }
}

export type ReportVerdict = { token_hash: string; token_type: string; label: "true_positive" | "false_positive" };

/**
 * A signed report from GitHub: verified, then every match that is a Keyway secret ended. Throws
 * (ending nothing) when the report is unsigned, signed by an unknown key or not by the key it
 * names, or not in GitHub's format.
 */
export async function handleGithubReport(
  raw: string,
  keyId: string | null,
  signature: string | null,
  clientAddress: string | null,
): Promise<ReportVerdict[]> {
  if (!keyId || !signature) {
    throw new DomainError(
      "invalid_request",
      "A report is signed: send Github-Public-Key-Identifier and Github-Public-Key-Signature.",
    );
  }
  const key = await publishedKey(keyId);
  if (!key || !signedBy(key, raw, signature)) {
    log("warn", "secret_scanning.report_refused", { keyId: keyId.slice(0, 100) });
    throw new DomainError("forbidden", "The report's signature does not verify against the reporter's published keys.");
  }
  let matches: z.infer<typeof reportSchema>;
  try {
    matches = reportSchema.parse(JSON.parse(raw));
  } catch {
    throw new DomainError("validation_error", "A report is a JSON array of {token, type, url, source} (at most 1000).");
  }
  const verdicts: ReportVerdict[] = [];
  for (const match of matches) {
    const ours = await endLeakedSecret(match.token, {
      reporter: "github",
      url: match.url ?? null,
      source: match.source ?? null,
      clientAddress,
    });
    verdicts.push({
      token_hash: hashSecret(match.token),
      token_type: match.type ?? "keyway_secret",
      label: ours ? "true_positive" : "false_positive",
    });
  }
  return verdicts;
}

import { createHmac } from "node:crypto";
import { Resolver } from "node:dns/promises";
import { config } from "../config";
import { DomainError } from "../errors";

// Proof that an organization controls an e-mail domain before its identity provider may speak
// for anyone there: a DNS TXT record only whoever runs the domain's DNS can publish, as Google
// Workspace, Microsoft Entra and GitHub ask. The expected value is derived (an HMAC under the
// server's key over the organization and the domain, as webhook secrets are) rather than stored:
// each organization gets its own for each domain, no other organization can learn or reuse it,
// and every instance computes the same one.

const RECORD_PREFIX = "_keyway-challenge";
const VALUE_PREFIX = "keyway-domain-verification=";
const LOOKUP = { timeout: 3_000, tries: 2 };

/** The TXT record the organization publishes to prove `domain`. */
export function domainChallenge(orgId: string, domain: string) {
  const digest = createHmac("sha256", config().jwtSecret)
    .update(`sso-domain-proof:${orgId}:${domain}`)
    .digest("base64url")
    .slice(0, 32);
  return { type: "TXT" as const, name: `${RECORD_PREFIX}.${domain}`, value: `${VALUE_PREFIX}${digest}` };
}

function resolver(): Resolver {
  const resolver = new Resolver(LOOKUP);
  if (config().dnsServers.length) resolver.setServers(config().dnsServers);
  return resolver;
}

/**
 * Whether `domain` publishes the organization's challenge now. A missing record or name is a plain
 * no; a lookup that fails (timeout, server failure) is a 503, since nothing was learnt either way.
 */
export async function domainProven(orgId: string, domain: string): Promise<boolean> {
  const challenge = domainChallenge(orgId, domain);
  let records: string[][];
  try {
    records = await resolver().resolveTxt(challenge.name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOTFOUND" || code === "ENODATA") return false;
    throw new DomainError(
      "service_unavailable",
      `The DNS lookup of ${challenge.name} failed (${code ?? "no answer"}); try again.`,
      {
        retryAfterSeconds: 5,
      },
    );
  }
  // A long TXT value may arrive split in several strings: they are one value (RFC 7208 3.3). The
  // value is public once published, so a plain comparison is enough.
  return records.some((strings) => strings.join("") === challenge.value);
}

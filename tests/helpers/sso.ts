import { inject } from "vitest";
import { api } from "./api";
import { publishTxt } from "./dns-server";

// Single sign-on domains admit people once proven by DNS (lib/auth/domain-proof.ts): the suite's
// DNS server on loopback answers for every domain (./global-setup.ts).

export const dnsRecordsDir = () => inject("dnsRecordsDir");

/** The TXT record the organization of `token` is told to publish for `domain`. */
export async function domainRecord(token: string, domain: string): Promise<{ name: string; value: string }> {
  const view = await api("/api/v2/organization/sso", { token });
  const claim = view.body.domains?.find((d: { domain: string }) => d.domain === domain);
  if (!claim) throw new Error(`${domain} is not claimed: ${JSON.stringify(view.body)}`);
  return claim.record;
}

export const checkDomain = (token: string, domain: string) =>
  api(`/api/v2/organization/sso/domains/${encodeURIComponent(domain)}/verify`, { method: "POST", token });

/** Publishes the organization's record for `domain` and has Keyway check it, as an owner does. */
export async function proveDomain(token: string, domain: string) {
  const record = await domainRecord(token, domain);
  publishTxt(dnsRecordsDir(), record.name, [record.value]);
  const proven = await checkDomain(token, domain);
  if (proven.status !== 200) throw new Error(`proving ${domain} failed: ${JSON.stringify(proven.body)}`);
  return proven;
}

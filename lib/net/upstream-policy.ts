import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { addressEntryProblem, ipFamily } from "./address-syntax";
import { addressInList, parseAddressList } from "./client-address";

// Where organizations' upstream MCP servers may be: the operator's UPSTREAM_ALLOWED, host names
// (matched exactly) and IP addresses or CIDR ranges. An organization's owner on a shared install
// cannot point Keyway at what the operator did not give it (internal services, cloud metadata).
// A listed host name is the operator's own trust in that name; any other name must resolve only
// to listed addresses, checked on the address actually connected to (a lookup hook), so a name
// cannot change its answer after the check.

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** Why an UPSTREAM_ALLOWED entry is not a host name, an address or a CIDR range, or null. */
export function upstreamEntryProblem(entry: string): string | null {
  if (ipFamily(entry.split("/")[0]!) || entry.includes("/"))
    return addressEntryProblem(entry) && "is not a valid address or CIDR range";
  return HOST_NAME.test(entry) ? null : "is not a host name, an IP address or a CIDR range";
}

export type UpstreamPolicy = { hosts: ReadonlySet<string>; ranges: BlockList; empty: boolean };

export function upstreamPolicy(entries: readonly string[]): UpstreamPolicy {
  const addresses = entries.filter((entry) => ipFamily(entry.split("/")[0]!));
  return {
    hosts: new Set(entries.filter((entry) => !addresses.includes(entry)).map((entry) => entry.toLowerCase())),
    ranges: parseAddressList(addresses),
    empty: entries.length === 0,
  };
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, "").toLowerCase();

/**
 * Why `url` may not be an upstream server under the policy, or null. A name that is not listed is
 * resolved now (it must answer with listed addresses only) and again at every connection.
 */
export async function upstreamUrlProblem(url: URL, policy: UpstreamPolicy): Promise<string | null> {
  if (policy.empty) return "this Keyway allows no upstream servers (its operator sets UPSTREAM_ALLOWED)";
  if (url.protocol !== "http:" && url.protocol !== "https:") return "it must be an http or https URL";
  if (url.username || url.password) return "it must not carry credentials";
  const host = hostOf(url);
  if (policy.hosts.has(host)) return null;
  const refused = `${host} is not among the hosts and addresses this Keyway allows (UPSTREAM_ALLOWED)`;
  if (isIP(host)) return addressInList(policy.ranges, host) ? null : refused;
  try {
    const addresses = await lookup(host, { all: true });
    return addresses.length && addresses.every((a) => addressInList(policy.ranges, a.address)) ? null : refused;
  } catch {
    return `${host} does not resolve`;
  }
}

/**
 * Whether a connection to `url` may start now: a listed host name, or an address in a listed range
 * (a name that is not listed is checked by `upstreamLookup` on what it resolves to). Asked at every
 * connection, so an operator's narrower list holds for servers registered before it.
 */
export function upstreamHostAllowedNow(url: URL, policy: UpstreamPolicy): boolean {
  const host = hostOf(url);
  if (policy.empty) return false;
  if (policy.hosts.has(host)) return true;
  return isIP(host) ? addressInList(policy.ranges, host) : true;
}

/** The connection's lookup: a listed name as it resolves; any other only to listed addresses. */
export function upstreamLookup(policy: UpstreamPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const trusted = policy.hosts.has(hostname.toLowerCase());
      if (!trusted && !addresses.every((entry) => addressInList(policy.ranges, entry.address))) {
        return callback(
          Object.assign(new Error(`${hostname} resolves to an address not allowed`), { code: "EADDRNOTALLOWED" }),
          "",
          0,
        );
      }
      if (options.all) return callback(null, addresses as never, 0);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { isLoopbackAddress, isLoopbackHost, isPublicAddress } from "./public-address";

// Requests to URLs other people chose (Client ID Metadata Documents, webhooks) may only reach
// public addresses, checked on the address actually connected to: a DNS lookup hook, so a name
// cannot resolve to a private address after a check. Loopback is allowed only on a loopback
// deployment (local development and tests): the caller passes the policy (config().outbound).
export type OutboundPolicy = { allowLoopback: boolean };

export function addressAllowed(address: string, policy: OutboundPolicy): boolean {
  return isPublicAddress(address) || (policy.allowLoopback && isLoopbackAddress(address));
}

/** Why a URL may not be requested under the policy (scheme, credentials, literal address), or null. */
export function outboundUrlProblem(url: URL, policy: OutboundPolicy): string | null {
  if (url.username || url.password) return "it must not carry credentials";
  if (
    url.protocol !== "https:" &&
    !(url.protocol === "http:" && policy.allowLoopback && isLoopbackHost(url.hostname))
  ) {
    return "it must be an https URL";
  }
  const literal = url.hostname.replace(/^\[|\]$/g, "");
  if (isIP(literal) && !addressAllowed(literal, policy)) return "it points at an address that is not public";
  return null;
}

export const NOT_PUBLIC_CODE = "EADDRNOTPUBLIC";

/** A DNS lookup that fails instead of returning an address the policy forbids. */
export function guardedLookup(policy: OutboundPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const allowed = addresses.filter((entry) => addressAllowed(entry.address, policy));
      if (allowed.length === 0 || allowed.length !== addresses.length) {
        return callback(
          Object.assign(new Error("resolves to an address that is not public"), { code: NOT_PUBLIC_CODE }),
          "",
          0,
        );
      }
      if (options.all) return callback(null, allowed as never, 0);
      return callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

/** POSTs a body under the policy with a time limit; resolves with the status, never follows redirects. */
export function guardedPost(
  url: URL,
  body: string,
  headers: Record<string, string>,
  policy: OutboundPolicy,
  timeoutMs: number,
) {
  const client = url.protocol === "https:" ? https : http;
  return new Promise<number>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "POST",
        lookup: guardedLookup(policy),
        headers: { ...headers, "content-length": Buffer.byteLength(body) },
        signal: AbortSignal.timeout(timeoutMs),
        agent: false,
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

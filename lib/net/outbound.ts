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

/** What a library passes to a custom `fetch` (openid-client's, for one). */
export type OutboundRequestInit = {
  method?: string;
  headers?: HeadersInit;
  body?: string | URLSearchParams | Uint8Array | ArrayBuffer | ReadableStream | null;
  signal?: AbortSignal | null;
};

/**
 * A `fetch` for a library talking to a server other people chose (an identity provider): every
 * connection under the policy, a time limit, no redirects followed, answers of at most `maxBytes`.
 */
export function guardedFetch(
  policy: OutboundPolicy,
  { timeoutMs, maxBytes }: { timeoutMs: number; maxBytes: number },
): (input: string | URL, init?: OutboundRequestInit) => Promise<Response> {
  return (input, init = {}) => {
    const url = new URL(input);
    const problem = outboundUrlProblem(url, policy);
    if (problem) return Promise.reject(new Error(`${url.origin}: ${problem}`));
    const client = url.protocol === "https:" ? https : http;
    if (init.body instanceof ReadableStream) return Promise.reject(new Error("a streamed body is not sent"));
    const body =
      init.body == null
        ? undefined
        : typeof init.body === "string" || init.body instanceof URLSearchParams
          ? Buffer.from(init.body.toString())
          : Buffer.from(init.body instanceof ArrayBuffer ? new Uint8Array(init.body) : init.body);
    return new Promise<Response>((resolve, reject) => {
      const request = client.request(
        url,
        {
          method: init.method ?? "GET",
          lookup: guardedLookup(policy),
          headers: {
            ...Object.fromEntries(new Headers(init.headers)),
            ...(body ? { "content-length": body.length } : {}),
          },
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(init.signal ? [init.signal] : [])]),
          agent: false,
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes)
              return response.destroy(new Error(`${url.origin}: the answer is larger than ${maxBytes} bytes`));
            chunks.push(chunk);
          });
          response.on("error", reject);
          response.on("end", () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              for (const item of [value ?? []].flat()) headers.append(name, item);
            }
            const status = response.statusCode ?? 502;
            const empty = status === 204 || status === 304;
            resolve(new Response(empty ? null : Buffer.concat(chunks), { status, headers }));
          });
        },
      );
      request.on("error", reject);
      request.end(body);
    });
  };
}

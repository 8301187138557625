import http from "node:http";
import https from "node:https";
import { guardedLookup, NOT_PUBLIC_CODE, outboundUrlProblem, type OutboundPolicy } from "../net/outbound";
import { AuthorizationServerError } from "./errors";

// Fetching a Client ID Metadata Document means making a request to a URL a stranger chose, so it
// is bounded in every direction: the address it may reach (checked on the address actually
// connected to, so DNS cannot swap in a private one after the check), size, time, and no redirects.
export const CLIENT_DOCUMENT_LIMITS = { maxBytes: 5 * 1024, timeoutMs: 5_000 } as const;

function refusal(reason: string, what = "client_id document"): AuthorizationServerError {
  return new AuthorizationServerError("invalid_client", `The ${what} cannot be fetched: ${reason}.`);
}

function refuse(reason: string): never {
  throw refusal(reason);
}

/** Checks a client_id URL before anything is sent: scheme, shape and, for IP literals, the address. */
export function checkClientIdUrl(clientId: string, policy: OutboundPolicy): URL {
  const url = URL.parse(clientId);
  if (!url) refuse("client_id is not a URL");
  if (url.hash) refuse("client_id must not carry credentials or a fragment");
  if (url.pathname === "/" || url.pathname === "") refuse("client_id must have a path");
  const problem = outboundUrlProblem(url, policy);
  if (problem) refuse(problem.replace(/^it /, "client_id "));
  return url;
}

export type ClientDocument = { body: unknown; maxAgeSeconds: number | null };

function maxAgeOf(cacheControl: string | undefined): number | null {
  if (!cacheControl) return null;
  if (/\bno-store\b|\bno-cache\b/i.test(cacheControl)) return 0;
  const match = /\bmax-age=(\d+)/i.exec(cacheControl);
  return match ? Number(match[1]) : null;
}

/**
 * GETs the document under the limits and parses its JSON; every failure is an `invalid_client`
 * naming `what` was fetched (a client_id document, or a client's JWK Set, which may be larger).
 */
export function fetchClientDocument(
  url: URL,
  policy: OutboundPolicy,
  { what = "client_id document", maxBytes = CLIENT_DOCUMENT_LIMITS.maxBytes } = {},
): Promise<ClientDocument> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise<ClientDocument>((resolve, reject) => {
    const fail = (reason: string) => reject(refusal(reason, what));
    const request = client.get(
      url,
      {
        lookup: guardedLookup(policy),
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(CLIENT_DOCUMENT_LIMITS.timeoutMs),
        agent: false,
      },
      (response) => {
        if ((response.statusCode ?? 0) >= 300 && (response.statusCode ?? 0) < 400) {
          response.destroy();
          return fail(`it answered with a redirect (${response.statusCode}), which is not followed`);
        }
        if (response.statusCode !== 200) {
          response.destroy();
          return fail(`it answered with HTTP ${response.statusCode}`);
        }
        const declared = Number(response.headers["content-length"] ?? 0);
        if (declared > maxBytes) {
          response.destroy();
          return fail(`it is larger than ${maxBytes} bytes`);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            response.destroy();
            return fail(`it is larger than ${maxBytes} bytes`);
          }
          chunks.push(chunk);
        });
        response.on("error", () => fail("the connection failed while reading it"));
        response.on("end", () => {
          if (size > maxBytes) return;
          try {
            resolve({
              body: JSON.parse(Buffer.concat(chunks).toString("utf8")),
              maxAgeSeconds: maxAgeOf(response.headers["cache-control"]),
            });
          } catch {
            fail("it is not JSON");
          }
        });
      },
    );
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (error.name === "AbortError" || error.name === "TimeoutError") {
        return fail(`it did not answer within ${CLIENT_DOCUMENT_LIMITS.timeoutMs / 1000} s`);
      }
      if (error.code === NOT_PUBLIC_CODE) return fail("its host resolves to an address that is not public");
      fail(`the connection failed (${error.code ?? error.message})`);
    });
  });
}

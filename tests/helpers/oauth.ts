import { createHash, randomBytes } from "node:crypto";
import { baseUrl } from "./api";

// An OAuth client's side of the flow, by hand, for the refusal tests (the happy path is also
// walked by the SDK's own OAuth client in the end-to-end suite).

export function pkce() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export const REDIRECT_URI = "http://127.0.0.1:8976/callback";

export async function register(metadata: Record<string, unknown> = {}, base = baseUrl()) {
  const response = await fetch(`${base}/oauth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_name: "Test client", redirect_uris: [REDIRECT_URI], ...metadata }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

export function authorizeUrl(params: Record<string, string>, base = baseUrl()) {
  return `${base}/oauth/authorize?${new URLSearchParams(params)}`;
}

/** GET the authorization endpoint as a signed-in browser would (no redirects followed). */
export async function openAuthorize(cookie: string, params: Record<string, string>, base = baseUrl()) {
  const response = await fetch(authorizeUrl(params, base), { headers: { cookie }, redirect: "manual" });
  const html = response.status === 200 ? await response.text() : "";
  const ticket = /name="ticket" value="([^"]+)"/.exec(html)?.[1];
  return { status: response.status, location: response.headers.get("location"), html, ticket };
}

/** The user's answer on the consent page, as its form sends it. */
export async function decide(
  cookie: string,
  ticket: string,
  allow: boolean,
  scopes: string[],
  base = baseUrl(),
  tools?: string[],
) {
  const response = await fetch(`${base}/oauth/consent`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: new URL(base).origin },
    body: JSON.stringify({ ticket, allow, scopes, ...(tools && { tools }) }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

export async function tokenEndpoint(
  params: Record<string, string> | URLSearchParams,
  path = "/oauth/token",
  base = baseUrl(),
) {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as any };
}

/** Everything up to a code: authorize, consent with `scopes`, and the redirect's parameters. */
export async function obtainCode(
  cookie: string,
  clientId: string,
  options: {
    scopes?: string[];
    scope?: string;
    redirectUri?: string;
    state?: string;
    base?: string;
    /** The RFC 8707 resource; /mcp when not given. */
    resource?: string;
    /** For a server: the only tools the person lets the app call. */
    tools?: string[];
  } = {},
) {
  const base = options.base ?? baseUrl();
  const { verifier, challenge } = pkce();
  const redirectUri = options.redirectUri ?? REDIRECT_URI;
  const opened = await openAuthorize(
    cookie,
    {
      response_type: "code",
      client_id: clientId,
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: "S256",
      state: options.state ?? "state-1",
      resource: options.resource ?? `${base}/mcp`,
      ...(options.scope && { scope: options.scope }),
    },
    base,
  );
  if (!opened.ticket) throw new Error(`no consent form (status ${opened.status}, location ${opened.location})`);
  const scopes = options.scopes ?? ["execute:mcp", "read:tasks"];
  const decided = await decide(cookie, opened.ticket, true, scopes, base, options.tools);
  if (decided.status !== 200) throw new Error(`consent refused (${decided.status}): ${JSON.stringify(decided.body)}`);
  const back = new URL(decided.body.redirectTo);
  return { verifier, redirectUri, code: back.searchParams.get("code")!, back };
}

/** grant_type=authorization_code, naming `resource` (/mcp when not given; null: none at all). */
export async function exchange(
  clientId: string,
  code: string,
  verifier: string,
  redirectUri = REDIRECT_URI,
  base = baseUrl(),
  resource: string | null = `${base}/mcp`,
) {
  return tokenEndpoint(
    {
      grant_type: "authorization_code",
      client_id: clientId,
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
      ...(resource !== null && { resource }),
    },
    "/oauth/token",
    base,
  );
}

/** grant_type=refresh_token for a public client. */
export function refreshWith(clientId: string, refreshToken: string, base = baseUrl()) {
  return tokenEndpoint(
    { grant_type: "refresh_token", client_id: clientId, refresh_token: refreshToken },
    "/oauth/token",
    base,
  );
}

// Kept in its own module (no Vitest import), so the end-to-end suite can use it too.
export { localServer } from "./local-server";

import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWTPayload } from "jose";
import Provider from "oidc-provider";
import * as oidc from "openid-client";
import { localServer } from "./local-server";

// Identity providers for the single sign-on tests, on loopback.
// - `startIdentityProvider`: a real, certified OpenID provider (oidc-provider) with a sign-in
//   page of ours (its development pages load fonts from the internet) that signs people in by
//   their login name, password ignored, and grants the client at once, as a company's provider
//   configured for Keyway does.
// - `startRogueProvider`: a provider that answers with a chosen defect in its ID token (signed
//   with a key not in its JWK Set, expired, another nonce), which no real provider can be made
//   to do: what Keyway must refuse.

export type Person = { email: string; verified?: boolean; name?: string };

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function readForm(req: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export type IdentityProvider = {
  issuer: string;
  /** Keyway's client at the provider (single sign-on). */
  clientId: string;
  clientSecret: string;
  people: Record<string, Person>;
  /** An MCP client at the provider, which signs people in and exchanges their ID tokens for ID-JAGs. */
  mcpClient: { id: string; secret: string };
  /** The MCP client's client_id at Keyway, which the provider stamps into the ID-JAGs it issues. */
  keywayClientId: string;
  /** An ID-JAG signed with the provider's key (or another key), with these claims over sound defaults. */
  mintIdJag: (claims: JWTPayload, options?: { typ?: string; foreignKey?: boolean }) => Promise<string>;
  /** An ID token for `login`, obtained by the MCP client signing them in (authorization code flow). */
  idTokenFor: (login: string) => Promise<string>;
  close: () => Promise<void>;
};

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_JAG = "urn:ietf:params:oauth:token-type:id-jag";

export async function startIdentityProvider(
  redirectUri: string,
  people: Record<string, Person>,
): Promise<IdentityProvider> {
  const clientId = "keyway";
  const clientSecret = randomBytes(24).toString("base64url");
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const foreign = await generateKeyPair("RS256");
  const mcpClient = { id: "mcp-client", secret: randomBytes(24).toString("base64url") };
  const mcpRedirect = "http://127.0.0.1:9/mcp-client/callback";
  let provider!: Provider;
  const server = await localServer(async (req, res) => {
    const match = req.url?.match(/^\/interaction\/([\w-]+)(\/login)?$/);
    if (!match) return provider.callback()(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === "POST" && match[2]) {
        const login = (await readForm(req)).get("login") ?? "";
        if (!people[login]) return page(res, match[1]!, login, "No such person here.");
        const grant = new provider.Grant({ accountId: login, clientId: String(details.params.client_id) });
        grant.addOIDCScope("openid email profile");
        const grantId = await grant.save();
        return await provider.interactionFinished(req, res, { login: { accountId: login }, consent: { grantId } });
      }
      return page(res, match[1]!, String(details.params.login_hint ?? ""));
    } catch (error) {
      res.statusCode = 400;
      res.end(error instanceof Error ? error.message : "interaction failed");
    }
  });
  provider = new Provider(server.url, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        response_types: ["code"],
        grant_types: ["authorization_code"],
      },
      {
        client_id: mcpClient.id,
        client_secret: mcpClient.secret,
        redirect_uris: [mcpRedirect],
        response_types: ["code"],
        grant_types: ["authorization_code", TOKEN_EXCHANGE],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    async findAccount(_ctx, id) {
      const person = people[id];
      if (!person) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, email: person.email, email_verified: person.verified ?? true, name: person.name }),
      };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    cookies: { keys: [randomBytes(16).toString("hex")] },
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: "test-key", alg: "RS256", use: "sig" }] },
  });
  const idp: IdentityProvider = {
    issuer: server.url,
    clientId,
    clientSecret,
    people,
    mcpClient,
    keywayClientId: "",
    async mintIdJag(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        jti: randomBytes(12).toString("base64url"),
        client_id: idp.keywayClientId,
        iss: server.url,
        iat: now,
        exp: now + 300,
        ...claims,
      })
        .setProtectedHeader({ alg: "RS256", kid: "test-key", typ: options.typ ?? "oauth-id-jag+jwt" })
        .sign(options.foreignKey ? foreign.privateKey : privateKey);
    },
    async idTokenFor(login) {
      const configuration = await oidc.discovery(
        new URL(server.url),
        mcpClient.id,
        undefined,
        oidc.ClientSecretPost(mcpClient.secret),
        {
          execute: [oidc.allowInsecureRequests],
        },
      );
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const url = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: mcpRedirect,
        scope: "openid email",
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: "S256",
        state,
      });
      const b = browser();
      const form = await b.go(url.href, {}, (next) => next.pathname.startsWith("/interaction/"));
      const back = await b.go(`${form.url.href}/login`, { form: { login, password: "anything" } }, (next) =>
        next.href.startsWith(mcpRedirect),
      );
      const tokens = await oidc.authorizationCodeGrant(configuration, back.url, {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      return tokens.id_token!;
    },
    close: server.close,
  };
  // RFC 8693 token exchange for an ID-JAG, as an enterprise provider answers it: the subject token
  // is an ID token this provider issued to the asking client; the ID-JAG names the person, the
  // client's id at Keyway, and what was asked for.
  provider.registerGrantType(
    TOKEN_EXCHANGE,
    async (ctx) => {
      const params = ctx.oidc.params as Record<string, string | undefined>;
      const fail = (description: string) => {
        ctx.status = 400;
        ctx.body = { error: "invalid_grant", error_description: description };
      };
      if (params.requested_token_type !== ID_JAG) return fail("only ID-JAGs are issued here");
      let subject;
      try {
        ({ payload: subject } = await jwtVerify(params.subject_token ?? "", publicKey, {
          issuer: server.url,
          audience: ctx.oidc.client!.clientId,
        }));
      } catch {
        return fail("the subject token is not an ID token of this provider for this client");
      }
      const person = people[subject.sub!];
      if (!person) return fail("unknown person");
      const jag = await idp.mintIdJag({
        sub: subject.sub,
        email: person.email,
        aud: params.audience,
        resource: params.resource,
        ...(params.scope && { scope: params.scope }),
      });
      ctx.body = {
        issued_token_type: ID_JAG,
        access_token: jag,
        token_type: "N_A",
        expires_in: 300,
        scope: params.scope,
      };
    },
    ["requested_token_type", "audience", "resource", "subject_token", "subject_token_type", "scope"],
  );
  return idp;
}

function page(res: ServerResponse, uid: string, login: string, error?: string) {
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.end(`<!doctype html><html><head><title>Acme identity provider</title></head><body>
<h1>Acme identity provider</h1>${error ? `<p role="alert">${escape(error)}</p>` : ""}
<form method="post" action="/interaction/${escape(uid)}/login">
<label>Login <input name="login" value="${escape(login)}"></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Sign in to Acme</button></form></body></html>`);
}

export type RogueDefect = "forged" | "expired" | "wrong_nonce" | "none";

/** An OpenID provider whose ID tokens carry `defect()`; its one person is `email`. */
export async function startRogueProvider(email: string, defect: () => RogueDefect) {
  const good = await generateKeyPair("RS256", { extractable: true });
  const other = await generateKeyPair("RS256");
  const pending = new Map<string, { nonce: string; clientId: string }>();
  const server = await localServer(async (req, res) => {
    const url = new URL(req.url!, server.url);
    const json = (body: unknown) => res.setHeader("content-type", "application/json").end(JSON.stringify(body));
    if (url.pathname === "/.well-known/openid-configuration") {
      return json({
        issuer: server.url,
        authorization_endpoint: `${server.url}/authorize`,
        token_endpoint: `${server.url}/token`,
        jwks_uri: `${server.url}/jwks`,
        response_types_supported: ["code"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
        code_challenge_methods_supported: ["S256"],
      });
    }
    if (url.pathname === "/jwks")
      return json({ keys: [{ ...(await exportJWK(good.publicKey)), kid: "k", alg: "RS256" }] });
    if (url.pathname === "/authorize") {
      const code = randomBytes(12).toString("base64url");
      pending.set(code, { nonce: url.searchParams.get("nonce")!, clientId: url.searchParams.get("client_id")! });
      const back = new URL(url.searchParams.get("redirect_uri")!);
      back.searchParams.set("code", code);
      back.searchParams.set("state", url.searchParams.get("state")!);
      back.searchParams.set("iss", server.url);
      return res.writeHead(303, { location: back.href }).end();
    }
    if (url.pathname === "/token") {
      const code = (await readForm(req)).get("code")!;
      const grant = pending.get(code);
      if (!grant) return res.writeHead(400).end(JSON.stringify({ error: "invalid_grant" }));
      const kind = defect();
      const now = Math.floor(Date.now() / 1000);
      const idToken = await new SignJWT({
        nonce: kind === "wrong_nonce" ? "another-nonce" : grant.nonce,
        email,
        email_verified: true,
      })
        .setProtectedHeader({ alg: "RS256", kid: "k" })
        .setIssuer(server.url)
        .setAudience(grant.clientId)
        .setSubject("rogue-subject")
        .setIssuedAt(kind === "expired" ? now - 7200 : now)
        .setExpirationTime(kind === "expired" ? now - 3600 : now + 300)
        .sign(kind === "forged" ? other.privateKey : good.privateKey);
      return json({
        access_token: randomBytes(12).toString("base64url"),
        token_type: "Bearer",
        expires_in: 300,
        id_token: idToken,
      });
    }
    res.writeHead(404).end();
  });
  return { issuer: server.url, clientId: "keyway", clientSecret: "rogue-secret", close: server.close };
}

/**
 * A browser's cookie jar and redirect following, by origin, for walking a sign-in across Keyway
 * and a provider with fetch: `go` follows redirects until an answer that is not one, or until
 * `stopAt` says to stop.
 */
export function browser() {
  const jars = new Map<string, Map<string, string>>();
  const jar = (url: URL) => jars.get(url.origin) ?? jars.set(url.origin, new Map()).get(url.origin)!;
  async function request(target: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const url = new URL(target);
    const cookies = [...jar(url)].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(url, {
      method: init.method ?? (init.form ? "POST" : "GET"),
      redirect: "manual",
      headers: {
        ...(cookies && { cookie: cookies }),
        ...(init.form && { "content-type": "application/x-www-form-urlencoded" }),
      },
      body: init.form ? new URLSearchParams(init.form) : undefined,
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(";");
      const [name, ...value] = pair!.split("=");
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value.join("=") === "";
      if (expired) jar(url).delete(name!.trim());
      else jar(url).set(name!.trim(), value.join("="));
    }
    return response;
  }
  async function go(
    target: string,
    init: { method?: string; form?: Record<string, string> } = {},
    stopAt?: (url: URL) => boolean,
  ) {
    let response = await request(target, init);
    let url = new URL(target);
    for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops++) {
      url = new URL(response.headers.get("location")!, url);
      if (stopAt?.(url)) return { response, url };
      response = await request(url.href);
    }
    return { response, url };
  }
  // The jar of an origin, live: a test may put a cookie in it (a session opened elsewhere).
  return { request, go, cookies: (origin: string) => jar(new URL(origin)) };
}

import { config } from "../config";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db/client";
import { increment } from "../rate-limit/counters";
import { AuthorizationServerError } from "./errors";
import { checkClientIdUrl, fetchClientDocument } from "./fetch-client-document";
import { redirectUriProblem } from "./redirect-uris";
import { ExpiringCache } from "../expiring-cache";

// OAuth clients: Client ID Metadata Documents first (the MCP spec's preferred way, nothing to
// register), Dynamic Client Registration (RFC 7591) as the fallback. Public clients only.

export type OAuthClientInfo = {
  id: string;
  kind: "cimd" | "dcr";
  name: string;
  clientUri: string | null;
  logoUri: string | null;
  redirectUris: string[];
};

const httpsUrl = z.url({ protocol: /^https$/ }).max(2048);

// A document or registration may be written for many servers: what it lists beyond Keyway's one
// flow (other grant types, authentication methods, unusable redirect URIs) is set aside rather
// than refused, as long as a public authorization-code flow with PKCE works for the client. Only
// what makes that flow impossible is refused, naming the field and the reason.
const redirectUris = z
  .array(z.string().max(2048))
  .min(1, "at least one redirect URI is required")
  .max(20)
  .transform((uris, context) => {
    const usable = uris.filter((uri) => redirectUriProblem(uri) === null);
    if (!usable.length) {
      const reasons = uris.map((uri) => redirectUriProblem(uri)).join("; ");
      context.addIssue({ code: "custom", message: `no usable redirect URI (${reasons})` });
      return z.NEVER;
    }
    return usable;
  });

const SUPPORTED_GRANT_TYPES = ["authorization_code", "refresh_token"] as const;

const grantTypes = z
  .array(z.string().max(200))
  .max(20)
  .refine(
    (types) => types.includes("authorization_code"),
    "must include authorization_code: Keyway connects apps through the authorization code flow",
  )
  .transform((types) => SUPPORTED_GRANT_TYPES.filter((type) => types.includes(type)));

// What both ways of describing a client share (RFC 7591 section 2). Unknown members are ignored,
// as the RFC asks.
const clientMetadata = z.object({
  redirect_uris: redirectUris,
  client_name: z.string().trim().min(1).max(100).optional(),
  client_uri: httpsUrl.optional(),
  logo_uri: httpsUrl.optional(),
  grant_types: grantTypes.optional(),
  response_types: z
    .array(z.string().max(200))
    .max(20)
    .refine((types) => types.includes("code"), "must include code: Keyway answers authorization requests with a code")
    .optional(),
  // RFC 7591 section 3.2.1 lets the server register another method than asked: Keyway registers `none`.
  token_endpoint_auth_method: z.string().max(100).optional(),
  scope: z.string().max(1000).optional(),
});

export const registrationRequestSchema = clientMetadata;

// Methods that need a shared secret cannot be honoured for a document: it has no secret, and must
// not (draft-ietf-oauth-client-id-metadata-document section 4.1). Key-based methods leave the
// public flow intact; Keyway treats such a client as public and never relies on its key.
const SECRET_METHODS = new Set(["client_secret_basic", "client_secret_post", "client_secret_jwt"]);

// A metadata document must name itself and hold no secret.
const clientDocumentSchema = clientMetadata.extend({
  client_id: z.string(),
  token_endpoint_auth_method: z
    .string()
    .max(100)
    .refine(
      (method) => !SECRET_METHODS.has(method),
      "a metadata document cannot use a shared secret; use none (a public client) or a key-based method",
    )
    .optional(),
  client_secret: z.undefined("a client metadata document must not contain a client_secret").optional(),
});

function describe(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message}`;
}

export function isMetadataDocumentId(clientId: string): boolean {
  return /^https?:\/\//i.test(clientId);
}

// A fetched document is kept as long as its Cache-Control says, within these bounds.
const CACHE = { minSeconds: 60, defaultSeconds: 300, maxSeconds: 24 * 3600, maxEntries: 1000 };
const documents = new ExpiringCache<OAuthClientInfo>(CACHE.maxEntries);

async function clientFromDocument(clientId: string): Promise<OAuthClientInfo> {
  const cached = documents.get(clientId);
  if (cached) return cached;
  const policy = config().outbound;
  const url = checkClientIdUrl(clientId, policy);
  const { body, maxAgeSeconds } = await fetchClientDocument(url, policy);
  const parsed = clientDocumentSchema.safeParse(body);
  if (!parsed.success)
    throw new AuthorizationServerError(
      "invalid_client",
      `The client_id document is not valid: ${describe(parsed.error)}.`,
    );
  if (parsed.data.client_id !== clientId) {
    throw new AuthorizationServerError(
      "invalid_client",
      "The client_id document names a different client_id than its own URL.",
    );
  }
  const data = parsed.data;
  const client: OAuthClientInfo = {
    id: clientId,
    kind: "cimd",
    name: data.client_name ?? url.host,
    clientUri: data.client_uri ?? null,
    logoUri: data.logo_uri ?? null,
    redirectUris: data.redirect_uris,
  };
  // The row is what grants point at and what the UI shows; it follows the document.
  const row = {
    kind: "cimd",
    name: client.name,
    clientUri: client.clientUri,
    logoUri: client.logoUri,
    redirectUris: JSON.stringify(client.redirectUris),
  };
  await db().oAuthClient.upsert({ where: { id: clientId }, create: { id: clientId, ...row }, update: row });
  const seconds = Math.min(CACHE.maxSeconds, Math.max(CACHE.minSeconds, maxAgeSeconds ?? CACHE.defaultSeconds));
  documents.set(clientId, client, seconds * 1000);
  return client;
}

function toClientInfo(row: {
  id: string;
  kind: string;
  name: string;
  clientUri: string | null;
  logoUri: string | null;
  redirectUris: string;
}): OAuthClientInfo {
  return { ...row, kind: row.kind === "cimd" ? "cimd" : "dcr", redirectUris: JSON.parse(row.redirectUris) as string[] };
}

/** The client a `client_id` names: its metadata document, or a registered client. */
export async function resolveClient(clientId: string | null | undefined): Promise<OAuthClientInfo> {
  if (!clientId) throw new AuthorizationServerError("invalid_request", "client_id is required.");
  if (clientId.length > 2048) throw new AuthorizationServerError("invalid_client", "client_id is too long.");
  if (isMetadataDocumentId(clientId)) return clientFromDocument(clientId);
  const row = await db().oAuthClient.findUnique({ where: { id: clientId } });
  if (!row || row.kind !== "dcr") throw new AuthorizationServerError("invalid_client", "Unknown client_id.");
  return toClientInfo(row);
}

// Registration is open to anyone (RFC 7591's open registration), so it is throttled per address
// (OAUTH_REGISTRATIONS_PER_HOUR; counted in Redis across instances when there is one).

/** RFC 7591 registration of a public client; answers the client information response (section 3.2.1). */
export async function registerClient(input: unknown, clientAddress: string | null) {
  if (clientAddress) {
    const { count } = await increment("oauth-register", 3600, clientAddress);
    if (count > config().oauthRegistrationsPerHour) {
      throw new AuthorizationServerError(
        "temporarily_unavailable",
        "Too many client registrations from this address; try again later.",
      );
    }
  }
  const parsed = registrationRequestSchema.safeParse(input);
  if (!parsed.success) {
    const onRedirects = parsed.error.issues[0]?.path[0] === "redirect_uris";
    throw new AuthorizationServerError(
      onRedirects ? "invalid_redirect_uri" : "invalid_client_metadata",
      describe(parsed.error),
    );
  }
  const data = parsed.data;
  const id = `kwc_${randomBytes(16).toString("base64url")}`;
  const name = data.client_name ?? "Unnamed client";
  const row = await db().$transaction(async (tx) => {
    const created = await tx.oAuthClient.create({
      data: {
        id,
        kind: "dcr",
        name,
        clientUri: data.client_uri ?? null,
        logoUri: data.logo_uri ?? null,
        redirectUris: JSON.stringify(data.redirect_uris),
      },
    });
    await recordAuditEvent(tx, {
      orgId: null,
      actorUserId: null,
      action: "oauth.client_registered",
      targetType: "oauth_client",
      targetId: id,
      metadata: { name, redirectUris: data.redirect_uris },
      clientAddress,
    });
    return created;
  });
  return {
    client_id: row.id,
    client_id_issued_at: Math.floor(row.createdAt.getTime() / 1000),
    client_name: name,
    redirect_uris: data.redirect_uris,
    grant_types: data.grant_types ?? [...SUPPORTED_GRANT_TYPES],
    response_types: ["code"],
    token_endpoint_auth_method: "none",
    ...(data.client_uri && { client_uri: data.client_uri }),
    ...(data.logo_uri && { logo_uri: data.logo_uri }),
    ...(data.scope && { scope: data.scope }),
  };
}

import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from "jose";
import { localServer } from "./local-server";

// An outside workload issuer on loopback, standing in for GitHub Actions' OIDC provider or a
// Kubernetes cluster's service-account issuer: it serves OpenID Connect discovery and its JWK Set,
// and mints tokens shaped as that platform's are. Its keys can be rotated and its documents
// counted, to see what Keyway fetches and when.

export type WorkloadIssuer = {
  issuer: string;
  jwksUri: string;
  /** A token signed with the issuer's current key (or `key`), `claims` over the platform's defaults. */
  mint: (
    claims?: JWTPayload,
    options?: { alg?: string; kid?: string; key?: CryptoKey; header?: object },
  ) => Promise<string>;
  /** The current private key, to sign with under another issuer's name. */
  privateKey: () => CryptoKey;
  /** A new key, published beside the old one from now on (as platforms rotate). */
  rotate: () => Promise<void>;
  fetches: () => number;
  close: () => Promise<void>;
};

export async function startWorkloadIssuer(
  defaults: (issuer: string) => JWTPayload,
  { alg = "RS256" }: { alg?: "RS256" | "ES256" } = {},
): Promise<WorkloadIssuer> {
  const keys: { kid: string; privateKey: CryptoKey; publicJwk: JWK }[] = [];
  const addKey = async () => {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const kid = randomUUID();
    keys.push({ kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } });
  };
  await addKey();
  let fetches = 0;
  let issuer = "";
  const server = await localServer((req, res) => {
    fetches++;
    res.setHeader("content-type", "application/json");
    if (req.url === "/.well-known/openid-configuration") {
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/keys`, id_token_signing_alg_values_supported: [alg] }));
    } else if (req.url === "/keys") {
      res.end(JSON.stringify({ keys: keys.map((key) => key.publicJwk) }));
    } else {
      res.statusCode = 404;
      res.end("{}");
    }
  });
  issuer = server.url;
  const current = () => keys[keys.length - 1]!;
  return {
    issuer,
    jwksUri: `${issuer}/keys`,
    mint: async (claims = {}, options = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ jti: randomUUID(), iat: now, nbf: now - 5, exp: now + 300, ...defaults(issuer), ...claims })
        .setProtectedHeader({
          alg: options.alg ?? alg,
          typ: "JWT",
          kid: options.kid ?? current().kid,
          ...options.header,
        })
        .sign(options.key ?? current().privateKey);
    },
    privateKey: () => current().privateKey,
    rotate: addKey,
    fetches: () => fetches,
    close: server.close,
  };
}

/** GitHub Actions' claim shapes (docs.github.com: "About security hardening with OpenID Connect"). */
export const githubActionsClaims =
  (repository: string, ref = "refs/heads/main", environment = "production") =>
  (issuer: string): JWTPayload => ({
    iss: issuer,
    sub: `repo:${repository}:environment:${environment}`,
    repository,
    repository_owner: repository.split("/")[0],
    ref,
    environment,
    workflow: "deploy",
    job_workflow_ref: `${repository}/.github/workflows/deploy.yml@${ref}`,
    run_id: "4242",
    actor: "octocat",
    event_name: "push",
  });

/** A Kubernetes projected service-account token's claims. */
export const kubernetesClaims =
  (namespace: string, serviceAccount: string) =>
  (issuer: string): JWTPayload => ({
    iss: issuer,
    sub: `system:serviceaccount:${namespace}:${serviceAccount}`,
    "kubernetes.io": {
      namespace,
      serviceaccount: { name: serviceAccount, uid: randomUUID() },
      pod: { name: `${serviceAccount}-7d9f`, uid: randomUUID() },
    },
  });

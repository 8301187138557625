import { createHash, randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";
import { baseUrl } from "./api";

// A DPoP client by hand (RFC 9449 section 4.2): its key, its proofs (or broken ones, as a test
// asks), and the token endpoint's nonce round trip.

const ath = (token: string) => createHash("sha256").update(token).digest("base64url");

/** A client's DPoP key, and proofs made with it as section 4.2 says (or broken as asked). */
export async function dpopKey() {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const jwk: JWK = await exportJWK(publicKey);
  return {
    jwk,
    proof: (
      htm: string,
      htu: string,
      options: { token?: string; nonce?: string; iat?: number; jti?: string; typ?: string } = {},
    ) =>
      new SignJWT({
        htm,
        htu,
        jti: options.jti ?? randomUUID(),
        iat: options.iat ?? Math.floor(Date.now() / 1000),
        ...(options.token && { ath: ath(options.token) }),
        ...(options.nonce && { nonce: options.nonce }),
      })
        .setProtectedHeader({ alg: "ES256", typ: options.typ ?? "dpop+jwt", jwk })
        .sign(privateKey),
  };
}
export type DpopKey = Awaited<ReturnType<typeof dpopKey>>;

/** POST /oauth/token with a proof, answering the server's nonce request as a client must. */
export async function dpopTokenRequest(
  params: Record<string, string>,
  key: DpopKey | null,
  headers: Record<string, string> = {},
  base = baseUrl(),
) {
  const url = `${base}/oauth/token`;
  const send = async (nonce?: string) =>
    fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...headers,
        ...(key && { dpop: await key.proof("POST", url, { nonce }) }),
      },
      body: new URLSearchParams(params),
    });
  let response = await send();
  const nonce = response.headers.get("dpop-nonce");
  if (response.status === 400 && nonce) response = await send(nonce);
  return { status: response.status, body: (await response.json()) as any, first: nonce };
}

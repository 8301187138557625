import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { config } from "../config";
import { db } from "../db/client";
import { DomainError } from "../errors";
import { seal, unseal } from "./sealed";
import { firstUse } from "./single-use";

// Passkeys (WebAuthn, with SimpleWebAuthn) as a second factor. The relying party is APP_URL's
// host, so a passkey works only on Keyway's own origin. Each ceremony's challenge travels sealed
// with its options (a ticket, five minutes) and is spent on use; discoverable credentials, so
// the options before a sign-in name nobody and reveal no account.

const CHALLENGE_TTL_SECONDS = 5 * 60;

type Ticket = { challenge: string; kind: "registration" | "authentication"; userId?: string };

function relyingParty() {
  const url = new URL(config().appUrl);
  return { id: url.hostname, origin: url.origin };
}

const transportsOf = (value: string) => value.split(" ").filter(Boolean) as AuthenticatorTransportFuture[];

async function openTicket(ticket: string, kind: Ticket["kind"], userId?: string): Promise<string> {
  const opened = await unseal<Ticket>("passkey-challenge", ticket);
  if (!opened || opened.kind !== kind || (userId && opened.userId !== userId)) {
    throw new DomainError("validation_error", "ticket: expired or not for this step; start again", {
      fields: { ticket: ["expired or not for this step; start again"] },
    });
  }
  // A challenge answers once.
  if (!(await firstUse(`passkey\u0000${opened.challenge}`, new Date(Date.now() + CHALLENGE_TTL_SECONDS * 1000)))) {
    throw new DomainError("invalid_credentials", "This passkey answer was already used.");
  }
  return opened.challenge;
}

export async function listPasskeys(userId: string) {
  const rows = await db().passkey.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }));
}

/** The options for the browser's `navigator.credentials.create`, and the ticket to send back. */
export async function passkeyRegistrationOptions(user: { id: string; email: string }) {
  const existing = await db().passkey.findMany({ where: { userId: user.id }, select: { id: true, transports: true } });
  const options = await generateRegistrationOptions({
    rpName: "Keyway",
    rpID: relyingParty().id,
    userName: user.email,
    userID: new TextEncoder().encode(user.id),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: transportsOf(p.transports) })),
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
  });
  const ticket = await seal(
    "passkey-challenge",
    { challenge: options.challenge, kind: "registration", userId: user.id },
    CHALLENGE_TTL_SECONDS,
  );
  return { options: { ...options }, ticket };
}

/** Stores the passkey the browser created, once its answer verifies against the challenge. */
export async function storePasskey(
  userId: string,
  input: { name: string; response: RegistrationResponseJSON; ticket: string },
) {
  const challenge = await openTicket(input.ticket, "registration", userId);
  const { id, origin } = relyingParty();
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: id,
      requireUserVerification: false,
    });
  } catch (error) {
    throw new DomainError("validation_error", `response: ${error instanceof Error ? error.message : "not valid"}`, {
      fields: { response: ["the passkey's answer did not verify"] },
    });
  }
  if (!verification.verified)
    throw new DomainError("validation_error", "response: the passkey's answer did not verify");
  const { credential } = verification.registrationInfo;
  await db().passkey.create({
    data: {
      id: credential.id,
      userId,
      name: input.name,
      publicKey: Buffer.from(credential.publicKey).toString("base64url"),
      counter: credential.counter,
      transports: (credential.transports ?? []).join(" "),
    },
  });
}

/** The options for `navigator.credentials.get` at sign-in (any of this site's passkeys), and the ticket. */
export async function passkeySignInOptions() {
  const options = await generateAuthenticationOptions({ rpID: relyingParty().id, userVerification: "preferred" });
  const ticket = await seal(
    "passkey-challenge",
    { challenge: options.challenge, kind: "authentication" },
    CHALLENGE_TTL_SECONDS,
  );
  return { options: { ...options }, ticket };
}

/** Whether `answer` (the browser's response and the ticket, as JSON) is one of the user's passkeys signing the challenge. */
export async function passkeySignsIn(userId: string, answer: string): Promise<boolean> {
  let parsed: { response: AuthenticationResponseJSON; ticket: string };
  try {
    parsed = JSON.parse(answer);
  } catch {
    return false;
  }
  if (typeof parsed?.ticket !== "string" || typeof parsed.response?.id !== "string") return false;
  const challenge = await openTicket(parsed.ticket, "authentication").catch(() => null);
  if (!challenge) return false;
  const row = await db().passkey.findUnique({ where: { id: parsed.response.id } });
  if (!row || row.userId !== userId) return false;
  const { id, origin } = relyingParty();
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response: parsed.response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: id,
      credential: {
        id: row.id,
        publicKey: new Uint8Array(Buffer.from(row.publicKey, "base64url")),
        counter: row.counter,
        transports: transportsOf(row.transports),
      },
      requireUserVerification: false,
    });
    if (!verified) return false;
    await db().passkey.update({
      where: { id: row.id },
      data: { counter: authenticationInfo.newCounter, lastUsedAt: new Date() },
    });
    return true;
  } catch {
    return false;
  }
}

import { randomBytes } from "node:crypto";
import * as OTPAuth from "otpauth";
import { recordUserAction } from "../audit/record-audit-event";
import { db } from "../db/client";
import type { Prisma } from "../db/types";
import { DomainError } from "../errors";
import { listPasskeys, passkeySignsIn, storePasskey } from "./passkeys";
import type { Role } from "./roles";
import { seal, unseal } from "./sealed";
import { endAllSessions } from "./sessions";
import { hashSecret } from "./secret-hash";

// Two-factor sign-in for password accounts: an authenticator app (TOTP, RFC 6238, with otpauth)
// or passkeys (./passkeys.ts), and ten single-use recovery codes shown once. A code is accepted once (the time step of the
// last accepted code is kept), a recovery code once. An organization may require a second
// factor of its members: until they set one up, they reach only their Account page and the
// calls that set one up. A lost factor: a recovery code signs in (and is spent), or an owner
// resets the member's second factor (audited, and every session of theirs ends).

/** The signed-in person (lib/auth/accounts.ts's AccountUser, which signs in through here). */
type AccountUser = { id: string; email: string; orgId: string; role: Role; clientAddress?: string | null };

const PERIOD = 30;
const RECOVERY_CODES = 10;

function totpFor(email: string, secret: string) {
  return new OTPAuth.TOTP({
    issuer: "Keyway",
    label: email,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

async function secretOf(sealed: string): Promise<string> {
  const opened = await unseal<{ secret: string }>("totp-secret", sealed);
  if (!opened) throw new Error("The TOTP secret does not open with this AUTH_SECRET.");
  return opened.secret;
}

const normalizedRecoveryCode = (code: string) =>
  code
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODES }, () => {
    const raw = randomBytes(8).toString("hex").slice(0, 10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

function audit(
  tx: Prisma.TransactionClient,
  user: { id: string; orgId: string; clientAddress?: string | null },
  action:
    | "auth.second_factor_enabled"
    | "auth.second_factor_disabled"
    | "auth.recovery_code_used"
    | "auth.second_factor_reset",
  targetId = user.id,
  metadata: Record<string, unknown> = {},
) {
  return recordUserAction(tx, user, {
    action,
    targetType: "user",
    targetId,
    metadata,
  });
}

/** Whether `orgId` (or, without it, any organization of the user's) requires a second factor of them. */
async function requiredFor(userId: string, orgId?: string): Promise<boolean> {
  // Someone with no password signs in only through single sign-on, whose provider decides the
  // factors; Keyway's second factor guards password sign-ins. One query: it runs on every
  // management call and page (requireUser, requirePageUser).
  const holding = await db().membership.count({
    where: { userId, ...(orgId && { orgId }), org: { requireSecondFactor: true }, user: { passwordHash: { not: "" } } },
  });
  return holding > 0;
}

/** How many second factors the user has: a confirmed authenticator app, and each passkey. */
async function factorCount(userId: string, client: Prisma.TransactionClient = db()): Promise<number> {
  const [totp, passkeys] = await Promise.all([
    client.totpAuthenticator.count({ where: { userId, confirmedAt: { not: null } } }),
    client.passkey.count({ where: { userId } }),
  ]);
  return totp + passkeys;
}

/** Recovery codes stand in for a second factor: they go when the last one does. */
async function dropRecoveryCodesWithLastFactor(tx: Prisma.TransactionClient, userId: string) {
  if ((await factorCount(userId, tx)) === 0) await tx.recoveryCode.deleteMany({ where: { userId } });
}

async function hasSecondFactor(userId: string): Promise<boolean> {
  return (await factorCount(userId)) > 0;
}

export async function secondFactorStatus(user: AccountUser) {
  const [totp, recoveryCodesLeft, required, passkeys] = await Promise.all([
    db().totpAuthenticator.findUnique({ where: { userId: user.id }, select: { confirmedAt: true } }),
    db().recoveryCode.count({ where: { userId: user.id, usedAt: null } }),
    requiredFor(user.id),
    listPasskeys(user.id),
  ]);
  return {
    totp: totp?.confirmedAt ? ("on" as const) : totp ? ("pending" as const) : ("off" as const),
    passkeys,
    recoveryCodesLeft,
    required,
  };
}

/** A new authenticator secret to scan; it counts once a first code confirms it. */
export async function startTotpEnrolment(user: AccountUser) {
  const existing = await db().totpAuthenticator.findUnique({ where: { userId: user.id } });
  if (existing?.confirmedAt) {
    throw new DomainError("conflict", "An authenticator app is already set up; remove it first to set up another.");
  }
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  const secretSealed = await seal("totp-secret", { secret });
  await db().totpAuthenticator.upsert({
    where: { userId: user.id },
    create: { userId: user.id, secretSealed },
    update: { secretSealed, lastStep: 0 },
  });
  return { secret, uri: totpFor(user.email, secret).toString() };
}

/**
 * Whether a code is right for this authenticator now (one step of clock drift either way) and
 * was not accepted before; accepting it spends its time step.
 */
async function acceptCode(
  userId: string,
  email: string,
  code: string,
  { confirming = false }: { confirming?: boolean } = {},
): Promise<boolean> {
  const row = await db().totpAuthenticator.findUnique({ where: { userId } });
  // Until confirmed, an authenticator's codes only confirm it; they sign no one in.
  if (!row || (!row.confirmedAt && !confirming) || !/^\d{6}$/.test(code.trim())) return false;
  const delta = totpFor(email, await secretOf(row.secretSealed)).validate({ token: code.trim(), window: 1 });
  if (delta === null) return false;
  const step = Math.floor(Date.now() / 1000 / PERIOD) + delta;
  // One conditional update: two sign-ins racing with the same code cannot both pass.
  const claimed = await db().totpAuthenticator.updateMany({
    where: { userId, lastStep: { lt: step } },
    data: { lastStep: step },
  });
  return claimed.count === 1;
}

/** The first code confirms the authenticator; the recovery codes are in this answer only. */
export async function confirmTotp(user: AccountUser, code: string) {
  const row = await db().totpAuthenticator.findUnique({ where: { userId: user.id } });
  if (!row) throw new DomainError("conflict", "Start setting up an authenticator app first.");
  if (row.confirmedAt) throw new DomainError("conflict", "The authenticator app is already set up.");
  if (!(await acceptCode(user.id, user.email, code, { confirming: true }))) {
    throw new DomainError("validation_error", "code: not the code your authenticator app shows now", {
      fields: { code: ["not the code your authenticator app shows now"] },
    });
  }
  return db().$transaction(async (tx) => {
    await tx.totpAuthenticator.update({ where: { userId: user.id }, data: { confirmedAt: new Date() } });
    await audit(tx, user, "auth.second_factor_enabled", user.id, { method: "totp" });
    return { recoveryCodes: await issueRecoveryCodes(tx, user.id) };
  });
}

/** New recovery codes when the user has no unused ones (their first second factor); none otherwise. */
async function issueRecoveryCodes(tx: Prisma.TransactionClient, userId: string): Promise<string[]> {
  if ((await tx.recoveryCode.count({ where: { userId, usedAt: null } })) > 0) return [];
  const codes = newRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { userId } });
  for (const recovery of codes) {
    await tx.recoveryCode.create({ data: { id: hashSecret(normalizedRecoveryCode(recovery)), userId } });
  }
  return codes;
}

/** A passkey the browser just created becomes a second factor (with recovery codes, if the first). */
export async function addPasskey(
  user: AccountUser,
  input: Parameters<typeof storePasskey>[1],
): Promise<{ recoveryCodes: string[] }> {
  await storePasskey(user.id, input);
  return db().$transaction(async (tx) => {
    await audit(tx, user, "auth.second_factor_enabled", user.id, { method: "passkey", name: input.name });
    return { recoveryCodes: await issueRecoveryCodes(tx, user.id) };
  });
}

/** The last second factor cannot be removed where one is required; removing it takes the recovery codes along. */
export async function removePasskey(user: AccountUser, id: string) {
  const passkey = await db().passkey.findFirst({ where: { id, userId: user.id } });
  if (!passkey) throw new DomainError("not_found", "No such passkey.");
  if ((await factorCount(user.id)) === 1 && (await requiredFor(user.id))) {
    throw new DomainError("forbidden", "Your organization requires a second factor; the last one cannot be removed.");
  }
  await db().$transaction(async (tx) => {
    await tx.passkey.delete({ where: { id } });
    await audit(tx, user, "auth.second_factor_disabled", user.id, { method: "passkey", name: passkey.name });
    await dropRecoveryCodesWithLastFactor(tx, user.id);
  });
  return secondFactorStatus(user);
}

/** Removing the authenticator takes a current code or a recovery code, and is refused where one is required. */
export async function removeTotp(user: AccountUser, code: string) {
  const passkeys = await db().passkey.count({ where: { userId: user.id } });
  if (passkeys === 0 && (await requiredFor(user.id))) {
    throw new DomainError("forbidden", "Your organization requires a second factor; the last one cannot be removed.");
  }
  if (!(await passesSecondFactor(user, code))) {
    throw new DomainError("validation_error", "code: not a current code or an unused recovery code", {
      fields: { code: ["not a current code or an unused recovery code"] },
    });
  }
  await db().$transaction(async (tx) => {
    await tx.totpAuthenticator.deleteMany({ where: { userId: user.id } });
    await dropRecoveryCodesWithLastFactor(tx, user.id);
    await audit(tx, user, "auth.second_factor_disabled", user.id, { method: "totp" });
  });
  return secondFactorStatus(user);
}

/** A current authenticator code, or an unused recovery code (then spent, and audited). */
async function passesSecondFactor(
  user: { id: string; email: string; orgId: string; clientAddress?: string | null },
  code: string,
) {
  if (await acceptCode(user.id, user.email, code)) return true;
  const id = hashSecret(normalizedRecoveryCode(code));
  return db().$transaction(async (tx) => {
    const spent = await tx.recoveryCode.updateMany({
      where: { id, userId: user.id, usedAt: null },
      data: { usedAt: new Date() },
    });
    if (spent.count !== 1) return false;
    await audit(tx, user, "auth.recovery_code_used", user.id, {
      left: await tx.recoveryCode.count({ where: { userId: user.id, usedAt: null } }),
    });
    return true;
  });
}

/**
 * A sign-in's second step, after the password: nothing for an account with no second factor;
 * otherwise a code is required (a refusal that says so when none was sent, so the page asks).
 */
export async function checkSecondFactor(
  user: { id: string; email: string; orgId: string; clientAddress?: string | null },
  code: string | null | undefined,
  passkey?: string | null,
) {
  if (!(await hasSecondFactor(user.id))) return;
  if (passkey) {
    if (await passkeySignsIn(user.id, passkey)) return;
    throw new DomainError("invalid_credentials", "The passkey did not sign in. Try again, or use a code.");
  }
  if (!code) {
    throw new DomainError(
      "second_factor_required",
      "A second factor is required: use a passkey, or enter the code from your authenticator app or a recovery code.",
    );
  }
  if (!(await passesSecondFactor(user, code))) {
    throw new DomainError("invalid_credentials", "The code is not right, or was already used.");
  }
}

/**
 * Where the organization the user acts in requires a second factor, someone without one reaches
 * only what sets one up: every other management call and page there is refused until then. Their
 * other organizations are not held by its requirement.
 */
export async function assertSecondFactorSetUp(user: { id: string; orgId: string }) {
  if (await secondFactorNeeded(user)) {
    throw new DomainError(
      "forbidden",
      "Your organization requires a second factor: set up an authenticator app on your Account page first.",
    );
  }
}

export async function secondFactorNeeded(user: { id: string; orgId: string }): Promise<boolean> {
  return (await requiredFor(user.id, user.orgId)) && !(await hasSecondFactor(user.id));
}

// --- The organization's requirement (owners), and an owner's reset of a member's second factor ---

export async function secondFactorRequirement(user: AccountUser) {
  const [org, members] = await Promise.all([
    db().organization.findUniqueOrThrow({ where: { id: user.orgId }, select: { requireSecondFactor: true } }),
    db().membership.findMany({
      where: { orgId: user.orgId, user: { kind: "person" } },
      select: {
        userId: true,
        user: {
          select: { email: true, totp: { select: { confirmedAt: true } }, _count: { select: { passkeys: true } } },
        },
      },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  return {
    required: org.requireSecondFactor,
    members: members.map((m) => ({
      userId: m.userId,
      email: m.user.email,
      secondFactor: Boolean(m.user.totp?.confirmedAt) || m.user._count.passkeys > 0,
    })),
  };
}

export async function setSecondFactorRequirement(user: AccountUser, required: boolean) {
  if (required && !(await hasSecondFactor(user.id))) {
    throw new DomainError("conflict", "Set up your own second factor first: the requirement applies to you too.");
  }
  await db().$transaction(async (tx) => {
    await tx.organization.update({ where: { id: user.orgId }, data: { requireSecondFactor: required } });
    await recordUserAction(tx, user, {
      action: "policy.updated",
      targetType: "organization",
      targetId: user.orgId,
      metadata: { requireSecondFactor: required },
    });
  });
  return secondFactorRequirement(user);
}

/**
 * An owner removes a member's lost second factor; the member's sessions end, and they set up a new
 * one. Only for someone whose one organization this is: the factor guards all of a person's.
 */
export async function resetSecondFactor(user: AccountUser, memberId: string) {
  const membership = await db().membership.findUnique({
    where: { userId_orgId: { userId: memberId, orgId: user.orgId } },
  });
  if (!membership) throw new DomainError("not_found", "No such member in this organization.");
  // Their factors guard their other organizations too: one organization's owner does not lower them.
  const elsewhere = await db().membership.count({ where: { userId: memberId, orgId: { not: user.orgId } } });
  if (elsewhere > 0) {
    throw new DomainError(
      "conflict",
      "This member belongs to other organizations too, which their second factor also guards: they recover it with a recovery code, or an owner of an organization that is their only one resets it.",
    );
  }
  await db().$transaction(async (tx) => {
    await tx.totpAuthenticator.deleteMany({ where: { userId: memberId } });
    await tx.passkey.deleteMany({ where: { userId: memberId } });
    await tx.recoveryCode.deleteMany({ where: { userId: memberId } });
    await endAllSessions(memberId, tx);
    await audit(tx, user, "auth.second_factor_reset", memberId);
  });
  return secondFactorRequirement(user);
}

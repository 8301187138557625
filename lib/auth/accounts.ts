import type { Prisma } from "../db/types";
import { recordAuditEvent, recordUserAction } from "../audit/record-audit-event";
import { DomainError } from "../errors";
import { db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from "./login-throttle";
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from "./password";
import type { Role } from "./roles";
import type { Credentials, SignupInput } from "./schemas";
import { checkSecondFactor } from "./second-factor";
import { endAllSessions } from "./sessions";

export type AccountUser = {
  id: string;
  email: string;
  name: string | null;
  orgId: string;
  role: Role;
  /** Where the current request comes from (for the audit trail); null when unknown. */
  clientAddress?: string | null;
  /** The organization whose identity provider signed the person in (the only one reached); null: their own credentials. */
  ssoOrgId?: string | null;
  /** The session the request came with (a browser's or a user access token's), to tell it from the others. */
  sessionId?: string | null;
};

/**
 * Every way a person comes into an organization (an invitation, single sign-on) ends here, in the
 * caller's transaction: a membership if they have none, audited as joined.
 */
export async function joinOrganization(
  tx: Prisma.TransactionClient,
  join: { userId: string; orgId: string; role: Role; clientAddress: string | null; via: Record<string, string> },
) {
  const { userId, orgId, role, clientAddress } = join;
  const already = await tx.membership.findUnique({ where: { userId_orgId: { userId, orgId } } });
  if (!already) {
    await tx.membership.create({ data: { userId, orgId, role } });
    await recordUserAction(
      tx,
      { id: userId, orgId, clientAddress },
      { action: "member.joined", targetType: "user", targetId: userId, metadata: { role, ...join.via } },
    );
  }
}

/** How a new account joins an organization other than its own (an invitation), in the sign-up's transaction. */
export type JoinOnSignUp = (
  tx: Prisma.TransactionClient,
  user: { id: string; email: string },
) => Promise<{ id: string; name: string }>;

/**
 * Creates a user and, in the same transaction, their own organization (with the user as owner),
 * or, when `join` is given, only the membership it makes: someone signing up through an
 * invitation gets no organization of their own they never asked for.
 */
export async function signUp(input: Omit<SignupInput, "invitation">, join?: JoinOnSignUp) {
  const passwordHash = await hashPassword(input.password);
  const name = input.name ?? null;
  const orgName = input.organization ?? `${input.name ?? input.email.split("@")[0]}'s organization`;
  try {
    return await db().$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, name, passwordHash } });
      const organization = join ? await join(tx, user) : await tx.organization.create({ data: { name: orgName } });
      if (!join) await tx.membership.create({ data: { userId: user.id, orgId: organization.id, role: "owner" } });
      return {
        user: { id: user.id, email: user.email, name: user.name },
        organization: { id: organization.id, name: organization.name },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError("email_taken", "An account with this email already exists.");
    throw error;
  }
}

/**
 * The user behind an email and password, or null. Takes the same time whether or not the email
 * exists, and refuses (429) guessing from this client address or at this account (login-throttle).
 */
export async function authenticateWithPassword(
  { email, password, code, passkey }: Credentials,
  clientAddress: string | null,
  { secondFactor = true }: { secondFactor?: boolean } = {},
): Promise<AccountUser | null> {
  await assertLoginAllowed(email, clientAddress);
  // A service account never signs in: it is no one's account (lib/teams/service-accounts.ts).
  const user = await db().user.findUnique({ where: { email, kind: "person" } });
  // Someone who signs in only through single sign-on has no password (""): checked against the
  // dummy hash like an unknown address, so the time taken does not tell either apart.
  const valid =
    (await verifyPassword(password, user?.passwordHash || DUMMY_PASSWORD_HASH)) && Boolean(user?.passwordHash);
  if (!user || !valid) {
    await recordLoginFailure(email, clientAddress);
    // A failure on an account that exists is its owner's business (and its organization's).
    const account = user && (await findAccountUser(user.id));
    if (account) await recordSignIn(account, "auth.sign_in_failed", clientAddress);
    return null;
  }
  const account = await findAccountUser(user.id);
  if (!account) await assertPasswordReachesAnOrganization(user.id);
  if (account && secondFactor) {
    try {
      await checkSecondFactor({ ...account, clientAddress }, code, passkey);
    } catch (error) {
      // A wrong code counts as a failed sign-in: six digits are guessed no faster than a password.
      if (error instanceof DomainError && error.code === "invalid_credentials") {
        await recordLoginFailure(email, clientAddress);
        await recordSignIn(account, "auth.sign_in_failed", clientAddress);
      }
      throw error;
    }
  }
  await clearLoginFailures(email, clientAddress);
  if (account) await recordSignIn(account, "auth.signed_in", clientAddress);
  return account && { ...account, clientAddress };
}

/**
 * A password reaches no organization of someone whose every organization signs its members in
 * through its identity provider (lib/auth/sso.ts): refused with a sentence that says where to go.
 * Called once `findAccountUser` found none reachable (`reaches`): any membership left is such a one.
 */
async function assertPasswordReachesAnOrganization(userId: string) {
  const required = await db().membership.findFirst({
    where: { userId },
    select: { org: { select: { name: true } } },
  });
  if (required) {
    throw new DomainError(
      "forbidden",
      `${required.org.name} signs its members in through single sign-on: use single sign-on with your work e-mail address.`,
    );
  }
}

/**
 * A new password, once the current one is proven (and throttled like a sign-in). Every session
 * and user access token of the user ends with it, this one included.
 */
export async function changePassword(
  user: { id: string; email: string },
  input: { currentPassword: string; newPassword: string },
  clientAddress: string | null,
) {
  // The session already passed the second factor; the current password proves it is still them.
  const proven = await authenticateWithPassword({ email: user.email, password: input.currentPassword }, clientAddress, {
    secondFactor: false,
  });
  if (!proven) {
    throw new DomainError("invalid_credentials", "The current password is incorrect.");
  }
  const passwordHash = await hashPassword(input.newPassword);
  // One transaction: a new password never leaves an old session alive.
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await endAllSessions(user.id, tx);
  });
}

function recordSignIn(
  account: AccountUser,
  action: "auth.signed_in" | "auth.sign_in_failed",
  clientAddress: string | null,
) {
  return db().$transaction((tx) =>
    recordAuditEvent(tx, {
      orgId: account.orgId,
      actorUserId: account.id,
      action,
      targetType: "user",
      targetId: account.id,
      clientAddress,
    }),
  );
}

type Reachable = { orgId: string; role: string; org: { sso: { required: boolean } | null } };

/**
 * Which memberships a sign-in reaches. One through an organization's identity provider reaches
 * that organization only: a provider speaks for its own organization, never for the person's
 * others. One with the person's own credentials reaches every organization but those that sign
 * their members in through their provider (owners keep their password, the recovery path).
 */
export function reaches(membership: Reachable, ssoOrgId: string | null): boolean {
  if (ssoOrgId) return membership.orgId === ssoOrgId;
  return !membership.org.sso?.required || membership.role === "owner";
}

export const reachableMembership = {
  orgId: true,
  role: true,
  org: { select: { name: true, sso: { select: { required: true } } } },
} as const;

/**
 * A user with the organization they act in and their role there: the one they switched to while
 * this sign-in still reaches it, else their oldest it reaches; null when it reaches none.
 */
export async function findAccountUser(userId: string, ssoOrgId: string | null = null): Promise<AccountUser | null> {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      currentOrgId: true,
      memberships: { orderBy: { createdAt: "asc" }, select: reachableMembership },
    },
  });
  if (!user) return null;
  const memberships = user.memberships.filter((m) => reaches(m, ssoOrgId));
  const membership = memberships.find((m) => m.orgId === user.currentOrgId) ?? memberships[0];
  if (!membership) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    orgId: membership.orgId,
    role: membership.role as Role,
    ssoOrgId,
  };
}

/** The person's own name, as the console and their organizations' lists show it (empty: none). */
export async function renameAccount(user: { id: string }, name: string) {
  return db().user.update({
    where: { id: user.id },
    data: { name: name || null },
    select: { id: true, email: true, name: true },
  });
}

import { DomainError } from "../errors";

// What each role in an organization may do, decided here and nowhere else: each API operation
// declares the role it needs (Access), and the rules below decide what depends on the data.
export const ROLES = ["owner", "admin", "member"] as const;
export type Role = (typeof ROLES)[number];

/** Owners and admins see and revoke every token of their organization and read its audit trail. */
export function managesOrganization(user: { role: Role }): boolean {
  return user.role === "owner" || user.role === "admin";
}

/**
 * Who may call an operation of the API (declared on it in lib/api/operations/, enforced once by
 * `endpoint`): any member, only owners and admins, or only owners; `to` completes the refusal.
 */
export type Access = { role: "member" } | { role: "admin" | "owner"; to: string };

/** Whether the user's role is `role` or above (owner > admin > member). */
export function hasRole(user: { role: Role }, role: Role): boolean {
  if (role === "owner") return user.role === "owner";
  return role === "member" || managesOrganization(user);
}

/** Refuses a user whose role is below what the operation allows, saying who may. */
export function requireAccess(user: { role: Role }, access: Access) {
  if (access.role === "member" || hasRole(user, access.role)) return;
  const who = access.role === "owner" ? "owners" : "owners and admins";
  throw new DomainError("forbidden", `Only organization ${who} can ${access.to}.`);
}

/** Owners and admins invite people; admins only as members or admins, never as owners. */
export function canInvite(user: { role: Role }, role: Role): boolean {
  if (user.role === "owner") return role !== "owner";
  return user.role === "admin" && role !== "owner";
}

/** Only owners change roles (and make other owners). */
export function canChangeRoles(user: { role: Role }): boolean {
  return hasRole(user, "owner");
}

/** Owners remove anyone; admins remove members only; everyone may leave (the last owner aside). */
export function canRemove(user: { id: string; role: Role }, target: { userId: string; role: Role }): boolean {
  if (user.id === target.userId) return true;
  if (user.role === "owner") return true;
  return user.role === "admin" && target.role === "member";
}

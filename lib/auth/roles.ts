import { DomainError } from "../errors";

// What each role in an organization may do, decided here and nowhere else.
export const ROLES = ["owner", "admin", "member"] as const;
export type Role = (typeof ROLES)[number];

/** Owners and admins see and revoke every token of their organization and read its audit trail. */
export function managesOrganization(user: { role: Role }): boolean {
  return user.role === "owner" || user.role === "admin";
}

/** Owners and admins read the organization's records (audit trail, unusual activity); anyone else is refused. */
export function requireOrganizationManager(user: { role: Role }, what: string) {
  if (!managesOrganization(user)) {
    throw new DomainError("forbidden", `Only organization owners and admins can read ${what}.`);
  }
}

/** Owners and admins invite people; admins only as members or admins, never as owners. */
export function canInvite(user: { role: Role }, role: Role): boolean {
  if (user.role === "owner") return role !== "owner";
  return user.role === "admin" && role !== "owner";
}

/** Only owners change roles (and make other owners). */
export function canChangeRoles(user: { role: Role }): boolean {
  return user.role === "owner";
}

/** Owners remove anyone; admins remove members only; everyone may leave (the last owner aside). */
export function canRemove(user: { id: string; role: Role }, target: { userId: string; role: Role }): boolean {
  if (user.id === target.userId) return true;
  if (user.role === "owner") return true;
  return user.role === "admin" && target.role === "member";
}

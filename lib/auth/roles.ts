import { DomainError } from "../errors";

// What each role in an organization may do, decided here and nowhere else.
export type Role = "owner" | "admin" | "member";

/** Owners and admins see and revoke every token of their organization and read its audit trail. */
export function managesOrganization(user: { role: Role }): boolean {
  return user.role === "owner" || user.role === "admin";
}

/** Owners and admins read the audit trail; anyone else is refused. */
export function requireAuditReader(user: { role: Role }) {
  if (!managesOrganization(user)) {
    throw new DomainError("forbidden", "Only organization owners and admins can read the audit trail.");
  }
}

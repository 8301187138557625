// What each role in an organization may do, decided here and nowhere else.
export type Role = "owner" | "admin" | "member";

/** Owners and admins see and revoke every token of their organization and read its audit trail. */
export function managesOrganization(user: { role: Role }): boolean {
  return user.role === "owner" || user.role === "admin";
}

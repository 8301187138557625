import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { changeRole, removeMember } from "@/lib/teams/members";

// PATCH /api/v2/organization/members/{userId} - change a member's role (owners)
export const PATCH = endpoint(api.changeRole, ({ user, params, body }) => changeRole(user, params.userId, body.role));

// DELETE /api/v2/organization/members/{userId} - remove a member, or leave; revokes what they hold here
export const DELETE = endpoint(api.removeMember, ({ user, params }) => removeMember(user, params.userId));

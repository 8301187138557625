import { json, userRoute } from "@/lib/api/handler";
import { parseBody } from "@/lib/api/parse";
import { changeRole, removeMember } from "@/lib/teams/members";
import { changeRoleSchema, memberSchema, removedMemberSchema } from "@/lib/teams/schemas";

type Params = { userId: string };

// PATCH /api/v2/organization/members/{userId} - change a member's role (owners)
export const PATCH = userRoute<Params>(async ({ request, user, params }) =>
  json(memberSchema, await changeRole(user, params.userId, (await parseBody(request, changeRoleSchema)).role)),
);

// DELETE /api/v2/organization/members/{userId} - remove a member, or leave; revokes what they hold here
export const DELETE = userRoute<Params>(async ({ user, params }) =>
  json(removedMemberSchema, await removeMember(user, params.userId)),
);

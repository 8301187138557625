import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { secondFactorRequirement, setSecondFactorRequirement } from "@/lib/auth/second-factor";

// GET /api/v2/organization/second-factor - the requirement and who has a second factor (owners and admins)
export const GET = endpoint(api.getSecondFactorRequirement, ({ user }) => secondFactorRequirement(user));

// PUT /api/v2/organization/second-factor - require one of every member, or not (owners)
export const PUT = endpoint(api.setSecondFactorRequirement, ({ user, body }) =>
  setSecondFactorRequirement(user, body.required),
);

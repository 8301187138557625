import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { resetSecondFactor } from "@/lib/auth/second-factor";

// POST /api/v2/organization/members/{userId}/second-factor/reset - remove a member's lost second factor (owners)
export const POST = endpoint(api.resetSecondFactor, ({ user, params }) => resetSecondFactor(user, params.userId));

import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { secondFactorStatus } from "@/lib/auth/second-factor";

// GET /api/v2/account/second-factor - the user's second factor and whether one is required
export const GET = endpoint(api.getSecondFactor, ({ user }) => secondFactorStatus(user));

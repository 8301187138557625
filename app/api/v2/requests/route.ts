import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { requestOverview } from "@/lib/tokens/token-usage";

// GET /api/v2/requests?scope=&outcome=&tool=&cursor=&limit= - the request log of every token in scope
export const GET = endpoint(api.requestOverview, ({ user, query }) => requestOverview(user, query));

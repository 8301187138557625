import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { proveDomain } from "@/lib/auth/sso";

// POST /api/v2/organization/sso/domains/{domain}/verify - check the domain's DNS TXT record (owners)
export const POST = endpoint(api.proveSsoDomain, ({ user, params }) => proveDomain(user, params.domain.toLowerCase()));

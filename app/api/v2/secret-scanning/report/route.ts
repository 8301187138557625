import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { clientAddress } from "@/lib/net/client-address";
import { endLeakedSecret } from "@/lib/tokens/leaks";

// POST /api/v2/secret-scanning/report - a person reports a Keyway secret they found
export const POST = endpoint(api.reportLeak, async ({ request, body }) => ({
  ended: await endLeakedSecret(body.token, { reporter: "person", clientAddress: clientAddress(request.headers) }),
}));

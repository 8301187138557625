import { z } from "zod";
import { json, userRoute } from "@/lib/api/handler";
import { parseBody } from "@/lib/api/parse";
import { decideConsent } from "@/lib/oauth/authorization";
import { toolListSchema } from "@/lib/upstream/tool-permissions";

const decisionSchema = z.strictObject({
  ticket: z.string().max(8192),
  allow: z.boolean(),
  scopes: z.array(z.string().max(64)).max(32),
  // For an MCP server: the only tools of it the app may call; left out, every tool the person may grant.
  tools: toolListSchema.optional(),
});

// POST /oauth/consent - the signed-in user's answer on the consent page; says where to go next
export const POST = userRoute(async ({ request, user }) =>
  json(z.object({ redirectTo: z.string() }), {
    redirectTo: await decideConsent(user, await parseBody(request, decisionSchema)),
  }),
);

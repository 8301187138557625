import { db } from "../../db/client";
import { checkHealth } from "../../health";
import { defineTool } from "../tool";

export const systemTools = [
  defineTool({
    name: "health_check",
    title: "Health check",
    description: "Check that the Keyway server and its database answer.",
    scopes: [],
    input: {},
    readOnly: true,
    run: async () => ({ ...(await checkHealth()), time: new Date().toISOString() }),
  }),
  defineTool({
    name: "whoami",
    title: "Who am I",
    description: "The caller's user, organization, token, scopes, permissions and rate-limit state.",
    scopes: [],
    input: {},
    readOnly: true,
    run: async ({ principal, rateLimit }) => {
      const [user, organization] = await Promise.all([
        principal.userId
          ? db().user.findUnique({ where: { id: principal.userId }, select: { id: true, email: true, name: true } })
          : null,
        db().organization.findUnique({ where: { id: principal.orgId }, select: { id: true, name: true } }),
      ]);
      return {
        user,
        organization,
        tokenId: principal.tokenId,
        scopes: principal.scopes,
        permissions: principal.permissions,
        rateLimit,
      };
    },
  }),
];

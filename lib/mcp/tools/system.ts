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
    description:
      "The caller's user (or service account), organization, token, scopes, permissions and rate-limit state.",
    scopes: [],
    input: {},
    readOnly: true,
    run: async ({ principal, rateLimit }) => {
      const [caller, organization] = await Promise.all([
        principal.userId
          ? db().user.findUnique({
              where: { id: principal.userId },
              select: { id: true, email: true, name: true, kind: true },
            })
          : null,
        db().organization.findUnique({ where: { id: principal.orgId }, select: { id: true, name: true } }),
      ]);
      const { kind, ...user } = caller ?? { kind: null };
      return {
        // A service account is no person: it is named as what it is, with no address.
        user: kind === "person" ? user : null,
        ...(kind === "service" && { serviceAccount: { id: caller!.id, name: caller!.name } }),
        organization,
        tokenId: principal.tokenId,
        scopes: principal.scopes,
        permissions: principal.permissions,
        rateLimit,
      };
    },
  }),
];

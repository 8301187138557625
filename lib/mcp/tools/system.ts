import { db } from "../../db/client";
import { checkHealth } from "../../health";
import { defineTool } from "../tool";
import { delegationChain } from "../../tokens/delegation-chain";

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
      "The caller's user (or service account), organization, token, scopes, permissions and rate-limit state; for a workload's token the workload's identifying claims, for a delegated token the tokens it was handed on from.",
    scopes: [],
    input: {},
    readOnly: true,
    run: async ({ principal, rateLimit }) => {
      const [caller, organization, token] = await Promise.all([
        principal.userId
          ? db().user.findUnique({
              where: { id: principal.userId },
              select: { id: true, email: true, name: true, kind: true },
            })
          : null,
        db().organization.findUnique({ where: { id: principal.orgId }, select: { id: true, name: true } }),
        principal.tokenId
          ? db().apiToken.findUnique({
              where: { id: principal.tokenId },
              select: { workload: true, delegatedFromId: true },
            })
          : null,
      ]);
      const delegatedFrom = await delegationChain(token?.delegatedFromId ?? null);
      const { kind, ...user } = caller ?? { kind: null };
      return {
        // A service account is no person: it is named as what it is, with no address.
        user: kind === "person" ? user : null,
        ...(kind === "service" && { serviceAccount: { id: caller!.id, name: caller!.name } }),
        organization,
        tokenId: principal.tokenId,
        ...(token?.workload && { workload: JSON.parse(token.workload) as Record<string, string> }),
        // Nearest first: the token this one was exchanged from, then the one that one was, and so on.
        ...(delegatedFrom.length > 0 && { delegatedFrom }),
        scopes: principal.scopes,
        permissions: principal.permissions,
        rateLimit,
      };
    },
  }),
];

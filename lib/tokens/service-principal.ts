import type { Db } from "../db/client";
import { permissionsFor, SCOPES } from "../scopes";
import type { Principal } from "./verify-token";

// With MCP_AUTH_TYPE=env or none there is no user: requests act as this built-in principal of a
// default organization. Its token row exists only so usage is recorded like any other token's;
// its hash is empty, so no presented token can ever match it.
export const SERVICE_ORG_ID = "org_default";
export const SERVICE_USER_ID = "user_service";
export const SERVICE_TOKEN_ID = "token_service";

export const SERVICE_PRINCIPAL: Principal = Object.freeze({
  userId: SERVICE_USER_ID,
  orgId: SERVICE_ORG_ID,
  tokenId: SERVICE_TOKEN_ID,
  scopes: Object.freeze([...SCOPES]),
  permissions: Object.freeze(permissionsFor(SCOPES)),
  rateLimitPerHour: null,
  expiresAt: null,
  allowedAddresses: null,
  tools: null,
  dpopJkt: null,
  meteredAs: SERVICE_TOKEN_ID,
});

/** Creates the principal's rows if they are missing; run at start-up (scripts/prepare-start.ts), never per request. */
export async function ensureServicePrincipal(client: Db): Promise<void> {
  await client.organization.upsert({
    where: { id: SERVICE_ORG_ID },
    create: { id: SERVICE_ORG_ID, name: "Default organization" },
    update: {},
  });
  await client.user.upsert({
    where: { id: SERVICE_USER_ID },
    create: {
      id: SERVICE_USER_ID,
      email: "service@keyway.invalid",
      name: "Keyway service principal",
      passwordHash: "!",
    },
    update: {},
  });
  await client.membership.upsert({
    where: { userId_orgId: { userId: SERVICE_USER_ID, orgId: SERVICE_ORG_ID } },
    create: { userId: SERVICE_USER_ID, orgId: SERVICE_ORG_ID, role: "owner" },
    update: {},
  });
  await client.apiToken.upsert({
    where: { id: SERVICE_TOKEN_ID },
    create: {
      id: SERVICE_TOKEN_ID,
      name: "Service principal (MCP_AUTH_TYPE env/none)",
      userId: SERVICE_USER_ID,
      orgId: SERVICE_ORG_ID,
      tokenHash: "",
      scopes: SCOPES.join(" "),
      rateLimitPerHour: 0,
      expiresAt: new Date("9999-12-31T00:00:00Z"),
    },
    update: {},
  });
}

import { db } from "../db/client";
import { permissionsFor, SCOPES } from "../tokens/scopes";
import type { Principal } from "../tokens/verify-token";

// With MCP_AUTH_TYPE=env or none there is no user: requests act as this built-in principal of a
// default organization. Its token row exists only so usage is recorded like any other token's;
// its hash is empty, so no presented token can ever match it.
export const SERVICE_ORG_ID = "org_default";
export const SERVICE_USER_ID = "user_service";
export const SERVICE_TOKEN_ID = "token_service";

let ready: Promise<Principal> | undefined;

async function ensure(): Promise<Principal> {
  const client = db();
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
  return {
    userId: SERVICE_USER_ID,
    orgId: SERVICE_ORG_ID,
    tokenId: SERVICE_TOKEN_ID,
    scopes: [...SCOPES],
    permissions: permissionsFor(SCOPES),
    rateLimitPerHour: null,
    expiresAt: null,
  };
}

export function servicePrincipal(): Promise<Principal> {
  ready ??= ensure().catch((error) => {
    ready = undefined;
    throw error;
  });
  return ready;
}

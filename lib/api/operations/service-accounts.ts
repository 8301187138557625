import { createTokenSchema, listTokensQuerySchema, tokenListSchema, tokenWithSecretSchema } from "../../tokens/schemas";
import {
  createServiceAccountSchema,
  serviceAccountListSchema,
  serviceAccountSchema,
  updateServiceAccountSchema,
  createServiceClientSchema,
  serviceClientListSchema,
  serviceClientSchema,
  serviceClientWithSecretSchema,
} from "../../teams/schemas";
import { defineOperation } from "./define";

// Service accounts, their tokens and their OAuth clients.

export const listServiceAccounts = defineOperation({
  method: "get",
  path: "/service-accounts",
  summary: "The organization's service accounts (owners and admins)",
  auth: "user",
  access: { role: "admin", to: "manage service accounts" },
  ok: [200, serviceAccountListSchema],
  errors: [401, 403],
});

export const createServiceAccount = defineOperation({
  method: "post",
  path: "/service-accounts",
  summary: "Create a service account: a machine identity owned by the organization (owners and admins)",
  auth: "user",
  access: { role: "admin", to: "manage service accounts" },
  body: createServiceAccountSchema,
  ok: [201, serviceAccountSchema],
  errors: [400, 401, 403],
});

export const getServiceAccount = defineOperation({
  method: "get",
  path: "/service-accounts/{id}",
  summary: "A service account (owners and admins)",
  auth: "user",
  access: { role: "admin", to: "manage service accounts" },
  ok: [200, serviceAccountSchema],
  errors: [401, 403, 404],
});

export const updateServiceAccount = defineOperation({
  method: "patch",
  path: "/service-accounts/{id}",
  summary: "Rename, disable or enable a service account; disabling refuses its tokens at their next request",
  auth: "user",
  access: { role: "admin", to: "manage service accounts" },
  body: updateServiceAccountSchema,
  ok: [200, serviceAccountSchema],
  errors: [400, 401, 403, 404],
});

export const deleteServiceAccount = defineOperation({
  method: "delete",
  path: "/service-accounts/{id}",
  summary: "Delete a service account and every token it holds",
  auth: "user",
  access: { role: "admin", to: "manage service accounts" },
  ok: [200, serviceAccountSchema],
  errors: [401, 403, 404],
});

export const listServiceAccountTokens = defineOperation({
  method: "get",
  path: "/service-accounts/{id}/tokens",
  summary: "A service account's tokens, newest first (rotate and revoke them under /tokens/{id})",
  auth: "user",
  access: { role: "admin", to: "manage service accounts" },
  query: listTokensQuerySchema,
  ok: [200, tokenListSchema],
  errors: [400, 401, 403, 404],
});

export const createServiceAccountToken = defineOperation({
  method: "post",
  path: "/service-accounts/{id}/tokens",
  summary: "Create a token for a service account, under the policy of a member (the secret is returned once)",
  auth: "user",
  access: { role: "admin", to: "manage service accounts" },
  body: createTokenSchema,
  ok: [201, tokenWithSecretSchema],
  errors: [400, 401, 403, 404, 409],
});

export const listServiceClients = defineOperation({
  method: "get",
  path: "/service-accounts/{id}/clients",
  summary: "A service account's OAuth clients (client credentials)",
  auth: "user",
  access: { role: "admin", to: "manage service accounts" },
  ok: [200, serviceClientListSchema],
  errors: [401, 403, 404],
});

export const createServiceClient = defineOperation({
  method: "post",
  path: "/service-accounts/{id}/clients",
  summary:
    "Register an OAuth client for a service account: client_secret_basic (the secret is returned once) or private_key_jwt (its public keys)",
  auth: "user",
  access: { role: "admin", to: "manage service accounts" },
  body: createServiceClientSchema,
  ok: [201, serviceClientWithSecretSchema],
  errors: [400, 401, 403, 404, 409],
});

export const rotateServiceClientSecret = defineOperation({
  method: "post",
  path: "/service-accounts/{id}/clients/{clientId}/secret",
  summary: "A new client secret (returned once); the old one stops at once",
  auth: "user",
  access: { role: "admin", to: "manage service accounts" },
  ok: [201, serviceClientWithSecretSchema],
  errors: [401, 403, 404, 409],
});

export const deleteServiceClient = defineOperation({
  method: "delete",
  path: "/service-accounts/{id}/clients/{clientId}",
  summary: "Delete a service account's client and the access tokens it holds",
  auth: "user",
  access: { role: "admin", to: "manage service accounts" },
  ok: [200, serviceClientSchema],
  errors: [401, 403, 404],
});

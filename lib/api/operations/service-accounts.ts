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
  workloadTrustInputSchema,
  workloadTrustListSchema,
  workloadTrustSchema,
} from "../../teams/schemas";
import { defineOperation } from "./define";

// Service accounts, their tokens, their OAuth clients and the workloads they trust.

export const listServiceAccounts = defineOperation("get /service-accounts", {
  summary: "The organization's service accounts (owners and admins)",
  access: { role: "admin", to: "manage service accounts" },
  ok: [200, serviceAccountListSchema],
});

export const createServiceAccount = defineOperation("post /service-accounts", {
  summary: "Create a service account: a machine identity owned by the organization (owners and admins)",
  access: { role: "admin", to: "manage service accounts" },
  body: createServiceAccountSchema,
  ok: [201, serviceAccountSchema],
});

export const getServiceAccount = defineOperation("get /service-accounts/{id}", {
  summary: "A service account (owners and admins)",
  access: { role: "admin", to: "manage service accounts" },
  ok: [200, serviceAccountSchema],
});

export const updateServiceAccount = defineOperation("patch /service-accounts/{id}", {
  summary: "Rename, disable or enable a service account; disabling refuses its tokens at their next request",
  access: { role: "admin", to: "manage service accounts" },
  body: updateServiceAccountSchema,
  ok: [200, serviceAccountSchema],
});

export const deleteServiceAccount = defineOperation("delete /service-accounts/{id}", {
  summary: "Delete a service account and every token it holds",
  access: { role: "admin", to: "manage service accounts" },
  ok: [200, serviceAccountSchema],
});

export const listServiceAccountTokens = defineOperation("get /service-accounts/{id}/tokens", {
  summary: "A service account's tokens, newest first (rotate and revoke them under /tokens/{id})",
  access: { role: "admin", to: "manage service accounts" },
  query: listTokensQuerySchema,
  ok: [200, tokenListSchema],
});

export const createServiceAccountToken = defineOperation("post /service-accounts/{id}/tokens", {
  summary: "Create a token for a service account, under the policy of a member (the secret is returned once)",
  access: { role: "admin", to: "manage service accounts" },
  body: createTokenSchema,
  ok: [201, tokenWithSecretSchema],
  errors: [409],
});

export const listServiceClients = defineOperation("get /service-accounts/{id}/clients", {
  summary: "A service account's OAuth clients (client credentials)",
  access: { role: "admin", to: "manage service accounts" },
  ok: [200, serviceClientListSchema],
});

export const createServiceClient = defineOperation("post /service-accounts/{id}/clients", {
  summary:
    "Register an OAuth client for a service account: client_secret_basic (the secret is returned once) or private_key_jwt (its public keys)",
  access: { role: "admin", to: "manage service accounts" },
  body: createServiceClientSchema,
  ok: [201, serviceClientWithSecretSchema],
  errors: [409],
});

export const rotateServiceClientSecret = defineOperation("post /service-accounts/{id}/clients/{clientId}/secret", {
  summary: "A new client secret (returned once); the old one stops at once",
  access: { role: "admin", to: "manage service accounts" },
  ok: [201, serviceClientWithSecretSchema],
  errors: [409],
});

export const deleteServiceClient = defineOperation("delete /service-accounts/{id}/clients/{clientId}", {
  summary: "Delete a service account's client and the access tokens it holds",
  access: { role: "admin", to: "manage service accounts" },
  ok: [200, serviceClientSchema],
});

export const listWorkloadTrusts = defineOperation("get /service-accounts/{id}/trust-policies", {
  summary: "The outside workloads (a CI job, a pod) a service account trusts: their issuer, audience and conditions",
  access: { role: "admin", to: "manage service accounts" },
  ok: [200, workloadTrustListSchema],
});

export const createWorkloadTrust = defineOperation("post /service-accounts/{id}/trust-policies", {
  summary:
    "Trust an outside issuer's workloads to act as the service account with no stored secret: their JWT is exchanged at /oauth/token when it is for the audience and meets every condition",
  access: { role: "admin", to: "manage service accounts" },
  body: workloadTrustInputSchema,
  ok: [201, workloadTrustSchema],
  errors: [409],
});

export const updateWorkloadTrust = defineOperation("put /service-accounts/{id}/trust-policies/{policyId}", {
  summary: "Change a trust policy; it applies from the next exchange",
  access: { role: "admin", to: "manage service accounts" },
  body: workloadTrustInputSchema,
  ok: [200, workloadTrustSchema],
  errors: [409],
});

export const deleteWorkloadTrust = defineOperation("delete /service-accounts/{id}/trust-policies/{policyId}", {
  summary: "Delete a trust policy and the access tokens issued under it",
  access: { role: "admin", to: "manage service accounts" },
  ok: [200, workloadTrustSchema],
});

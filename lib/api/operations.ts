import { z } from "zod";
import type { Access } from "../auth/roles";
import { registerServerSchema, serverListSchema, serverViewSchema, updateServerSchema } from "../upstream/schemas";
import { activityListSchema, webhookLogSchema, webhookSecretSchema, webhookUpdateSchema } from "../activity/schemas";
import { auditListSchema, exportAuditQuerySchema, listAuditQuerySchema } from "../audit/schemas";
import {
  accessTokenResponseSchema,
  changePasswordSchema,
  credentialsSchema,
  signupResponseSchema,
  signupSchema,
  ssoLinkSchema,
  ssoLinkStartSchema,
  ssoSettingsSchema,
  ssoViewSchema,
  recoveryCodesSchema,
  secondFactorCodeSchema,
  secondFactorRequirementSchema,
  secondFactorStatusSchema,
  setSecondFactorRequirementSchema,
  totpEnrolmentSchema,
  addPasskeySchema,
  passkeyOptionsSchema,
} from "../auth/schemas";
import {
  approvalDecisionSchema,
  createTokenSchema,
  listTokensQuerySchema,
  rotateTokenSchema,
  rotatedTokenSchema,
  tokenListSchema,
  tokenUsageSchema,
  tokenViewSchema,
  tokenWithSecretSchema,
  updateTokenSchema,
  usageQuerySchema,
  requestLogQuerySchema,
  tokenRequestLogSchema,
  validateResponseSchema,
  policyUpdateResultSchema,
  tokenPolicySchema,
} from "../tokens/schemas";
import {
  acceptedInvitationSchema,
  acceptInvitationSchema,
  changeRoleSchema,
  createInvitationSchema,
  invitationListSchema,
  invitationSchema,
  invitationWithLinkSchema,
  memberListSchema,
  memberSchema,
  organizationListSchema,
  removedMemberSchema,
  switchOrganizationSchema,
  createServiceAccountSchema,
  serviceAccountListSchema,
  serviceAccountSchema,
  updateServiceAccountSchema,
  createServiceClientSchema,
  serviceClientListSchema,
  serviceClientSchema,
  serviceClientWithSecretSchema,
} from "../teams/schemas";
import {
  connectedAppListSchema,
  connectedAppSchema,
  connectedAppUsageSchema,
  connectedAppRequestLogSchema,
  listConnectedAppsQuerySchema,
  appApprovalListSchema,
  appApprovalSchema,
  withdrawnAppApprovalSchema,
  createEnterpriseClientSchema,
  enterpriseClientListSchema,
  enterpriseClientWithSecretSchema,
} from "../oauth/schemas";

// Every operation of /api/v2, declared once: method, path, authentication, input and output
// schemas and errors. The route file binds its handler to the operation (`endpoint` in
// ./handler.ts), which authenticates, parses the input and passes the answer through the output
// schema; the OpenAPI document (./openapi.ts) is generated from the same declarations, and a test
// checks that every route file binds the operation of its own path and method, and nothing else.

export type Operation = {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Under /api/v2; `{name}` for a path parameter. */
  path: string;
  summary: string;
  /** `user`: the session cookie or a user access token; `apiToken`: the handler verifies the API token it is sent. */
  auth: "user" | "apiToken" | "none";
  /** With auth `user`: who may call it (any member, only owners and admins, or only owners), enforced by `endpoint`. */
  access?: Access;
  /** Open to a user whose organization requires a second factor they have not set up yet (setting one up). */
  enrolling?: true;
  body?: z.ZodType;
  /** An empty body counts as `{}`. */
  bodyOptional?: true;
  query?: z.ZodObject;
  /** The success status, with the schema of its body (none for 204). */
  ok: readonly [number, z.ZodType] | readonly [204];
  /** Media types of the success body when it is not JSON (an export); the handler answers itself. */
  produces?: readonly string[];
  errors: readonly number[];
};

function defineOperation<const O extends Operation>(operation: O): O {
  return operation;
}

export const signUp = defineOperation({
  method: "post",
  path: "/auth/signup",
  summary: "Create an account and its organization",
  auth: "none",
  body: signupSchema,
  ok: [201, signupResponseSchema],
  errors: [400, 409, 413],
});

export const issueAccessToken = defineOperation({
  method: "post",
  path: "/auth/token",
  summary: "Get a one-hour user access token",
  auth: "none",
  body: credentialsSchema,
  ok: [200, accessTokenResponseSchema],
  errors: [400, 401, 429],
});

export const changePassword = defineOperation({
  method: "post",
  path: "/auth/password",
  auth: "user",
  access: { role: "member" },
  summary: "Change the password; every session and user access token ends",
  body: changePasswordSchema,
  ok: [204],
  errors: [400, 401, 429],
});

export const exportAudit = defineOperation({
  method: "get",
  path: "/audit/export",
  auth: "user",
  access: { role: "admin", to: "read the audit trail" },
  summary: "Export the audit trail (owners and admins) as CSV or JSON Lines, with the list's filters",
  query: exportAuditQuerySchema,
  ok: [200, z.string()],
  produces: ["text/csv", "application/jsonl"],
  errors: [400, 401, 403],
});

export const listAudit = defineOperation({
  method: "get",
  path: "/audit",
  auth: "user",
  access: { role: "admin", to: "read the audit trail" },
  summary: "The organization's audit trail, newest first (owners and admins)",
  query: listAuditQuerySchema,
  ok: [200, auditListSchema],
  errors: [400, 401, 403],
});

export const listTokens = defineOperation({
  method: "get",
  path: "/tokens",
  auth: "user",
  access: { role: "member" },
  summary: "List tokens, newest first",
  query: listTokensQuerySchema,
  ok: [200, tokenListSchema],
  errors: [400, 401, 403],
});

export const createToken = defineOperation({
  method: "post",
  path: "/tokens",
  auth: "user",
  access: { role: "member" },
  summary: "Create a token (the secret is returned once)",
  body: createTokenSchema,
  ok: [201, tokenWithSecretSchema],
  errors: [400, 401, 413],
});

export const getToken = defineOperation({
  method: "get",
  path: "/tokens/{id}",
  auth: "user",
  access: { role: "member" },
  summary: "A token's metadata",
  ok: [200, tokenViewSchema],
  errors: [401, 404],
});

export const updateToken = defineOperation({
  method: "patch",
  path: "/tokens/{id}",
  auth: "user",
  access: { role: "member" },
  summary: "Rename, change the rate limit, or narrow the scopes",
  body: updateTokenSchema,
  ok: [200, tokenViewSchema],
  errors: [400, 401, 404, 409],
});

export const revokeToken = defineOperation({
  method: "delete",
  path: "/tokens/{id}",
  auth: "user",
  access: { role: "member" },
  summary: "Revoke a token",
  ok: [200, tokenViewSchema],
  errors: [401, 404],
});

export const rotateToken = defineOperation({
  bodyOptional: true,
  method: "post",
  path: "/tokens/{id}/rotate",
  auth: "user",
  access: { role: "member" },
  summary: "Issue a successor; the old token stops at once or after the chosen overlap",
  body: rotateTokenSchema,
  ok: [201, rotatedTokenSchema],
  errors: [400, 401, 404, 409],
});

export const tokenUsage = defineOperation({
  method: "get",
  path: "/tokens/{id}/usage",
  auth: "user",
  access: { role: "member" },
  summary: "Usage over 24h, 7d or 30d",
  query: usageQuerySchema,
  ok: [200, tokenUsageSchema],
  errors: [400, 401, 404],
});

export const tokenRequests = defineOperation({
  method: "get",
  path: "/tokens/{id}/requests",
  auth: "user",
  access: { role: "member" },
  summary: "The per-request log: time, tool or method, outcome, MCP client and address, newest first",
  query: requestLogQuerySchema,
  ok: [200, tokenRequestLogSchema],
  errors: [400, 401, 404],
});

export const listConnectedApps = defineOperation({
  method: "get",
  path: "/connected-apps",
  auth: "user",
  access: { role: "member" },
  summary: "List connected apps (OAuth grants), newest first",
  query: listConnectedAppsQuerySchema,
  ok: [200, connectedAppListSchema],
  errors: [400, 401, 403],
});

export const revokeConnectedApp = defineOperation({
  method: "delete",
  path: "/connected-apps/{id}",
  auth: "user",
  access: { role: "member" },
  summary: "Revoke a connected app: its access tokens stop at once, its refresh tokens never work again",
  ok: [200, connectedAppSchema],
  errors: [401, 404],
});

export const connectedAppUsage = defineOperation({
  method: "get",
  path: "/connected-apps/{id}/usage",
  auth: "user",
  access: { role: "member" },
  summary: "A connected app's usage over 24h, 7d or 30d",
  query: usageQuerySchema,
  ok: [200, connectedAppUsageSchema],
  errors: [400, 401, 404],
});

export const connectedAppRequests = defineOperation({
  method: "get",
  path: "/connected-apps/{id}/requests",
  auth: "user",
  access: { role: "member" },
  summary: "A connected app's per-request log over all its access tokens, newest first",
  query: requestLogQuerySchema,
  ok: [200, connectedAppRequestLogSchema],
  errors: [400, 401, 404],
});

export const listOrganizations = defineOperation({
  method: "get",
  path: "/organizations",
  auth: "user",
  access: { role: "member" },
  // Open while a second factor is missing where the user acts: another organization may not ask for one.
  enrolling: true,
  summary: "The user's organizations, roles, the current one, and which this sign-in reaches",
  ok: [200, organizationListSchema],
  errors: [401],
});

export const switchOrganization = defineOperation({
  method: "put",
  path: "/organizations/current",
  auth: "user",
  access: { role: "member" },
  enrolling: true,
  summary: "Act in another of the user's organizations that this sign-in reaches",
  body: switchOrganizationSchema,
  ok: [200, organizationListSchema],
  errors: [400, 401, 403, 404],
});

export const listMembers = defineOperation({
  method: "get",
  path: "/organization/members",
  auth: "user",
  access: { role: "member" },
  summary: "Members of the current organization",
  ok: [200, memberListSchema],
  errors: [401],
});

export const changeRole = defineOperation({
  method: "patch",
  path: "/organization/members/{userId}",
  auth: "user",
  access: { role: "owner", to: "change roles" },
  summary: "Change a member's role (owners)",
  body: changeRoleSchema,
  ok: [200, memberSchema],
  errors: [400, 401, 403, 404, 409],
});

export const removeMember = defineOperation({
  method: "delete",
  path: "/organization/members/{userId}",
  auth: "user",
  access: { role: "member" },
  summary: "Remove a member or leave; revokes their tokens and connected apps in the organization",
  ok: [200, removedMemberSchema],
  errors: [401, 403, 404, 409],
});

export const listInvitations = defineOperation({
  method: "get",
  path: "/organization/invitations",
  auth: "user",
  access: { role: "admin", to: "see invitations" },
  summary: "Invitations (owners and admins)",
  ok: [200, invitationListSchema],
  errors: [401, 403],
});

export const createInvitation = defineOperation({
  method: "post",
  path: "/organization/invitations",
  auth: "user",
  access: { role: "admin", to: "invite people" },
  summary: "Invite by e-mail address; the single-use link is in this response only",
  body: createInvitationSchema,
  ok: [201, invitationWithLinkSchema],
  errors: [400, 401, 403, 409],
});

export const revokeInvitation = defineOperation({
  method: "delete",
  path: "/organization/invitations/{id}",
  auth: "user",
  access: { role: "admin", to: "revoke invitations" },
  summary: "Revoke a pending invitation",
  ok: [200, invitationSchema],
  errors: [401, 403, 404],
});

export const acceptInvitation = defineOperation({
  method: "post",
  path: "/invitations/accept",
  auth: "user",
  access: { role: "member" },
  summary: "Join the organization of an invitation link (as the invited address)",
  body: acceptInvitationSchema,
  ok: [200, acceptedInvitationSchema],
  errors: [400, 401, 403, 404, 409],
});

export const listActivity = defineOperation({
  method: "get",
  path: "/organization/activity",
  auth: "user",
  access: { role: "admin", to: "read unusual activity" },
  summary: "Unusual-activity flags of the organization's tokens (owners and admins)",
  ok: [200, activityListSchema],
  errors: [401, 403],
});

export const getWebhook = defineOperation({
  method: "get",
  path: "/organization/webhook",
  auth: "user",
  access: { role: "admin", to: "read the webhook log" },
  summary: "The activity webhook and its delivery log (owners and admins)",
  ok: [200, webhookLogSchema],
  errors: [401, 403],
});

export const setWebhook = defineOperation({
  method: "put",
  path: "/organization/webhook",
  auth: "user",
  access: { role: "owner", to: "set the webhook" },
  summary: "Set or remove the activity webhook (owners); the signing secret is in this response only",
  body: webhookUpdateSchema,
  ok: [200, webhookSecretSchema],
  errors: [400, 401, 403],
});

export const getPolicy = defineOperation({
  method: "get",
  path: "/organization/policy",
  auth: "user",
  access: { role: "member" },
  summary: "The organization's token policy",
  ok: [200, tokenPolicySchema],
  errors: [401],
});

export const setPolicy = defineOperation({
  method: "put",
  path: "/organization/policy",
  auth: "user",
  access: { role: "owner", to: "change the token policy" },
  summary: "Set the token policy (owners); lists active tokens that exceed it",
  body: tokenPolicySchema,
  ok: [200, policyUpdateResultSchema],
  errors: [400, 401, 403],
});

export const approveToken = defineOperation({
  bodyOptional: true,
  method: "post",
  path: "/tokens/{id}/approve",
  auth: "user",
  access: { role: "admin", to: "approve tokens" },
  summary: "Approve a member's pending token (owners and admins)",
  body: approvalDecisionSchema,
  ok: [200, tokenViewSchema],
  errors: [400, 401, 403, 404, 409],
});

export const denyToken = defineOperation({
  bodyOptional: true,
  method: "post",
  path: "/tokens/{id}/deny",
  auth: "user",
  access: { role: "admin", to: "deny tokens" },
  summary: "Deny a member's pending token (owners and admins)",
  body: approvalDecisionSchema,
  ok: [200, tokenViewSchema],
  errors: [400, 401, 403, 404, 409],
});

export const validateToken = defineOperation({
  method: "post",
  path: "/tokens/validate",
  summary: "Validate an API token sent as Bearer",
  auth: "apiToken",
  ok: [200, validateResponseSchema],
  errors: [400, 401],
});

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

export const listAppApprovals = defineOperation({
  method: "get",
  path: "/organization/app-approvals",
  summary: "OAuth apps members asked to connect, and those approved (owners and admins)",
  auth: "user",
  access: { role: "admin", to: "decide which apps may connect" },
  ok: [200, appApprovalListSchema],
  errors: [401, 403],
});

export const approveApp = defineOperation({
  method: "post",
  path: "/organization/app-approvals/{id}/approve",
  summary: "Approve an app: members may then connect it (owners and admins)",
  auth: "user",
  access: { role: "admin", to: "decide which apps may connect" },
  ok: [200, appApprovalSchema],
  errors: [401, 403, 404],
});

export const withdrawAppApproval = defineOperation({
  method: "delete",
  path: "/organization/app-approvals/{id}",
  summary: "Deny a request or withdraw an approval: the app's grants in the organization are revoked at once",
  auth: "user",
  access: { role: "admin", to: "decide which apps may connect" },
  ok: [200, withdrawnAppApprovalSchema],
  errors: [401, 403, 404],
});

export const getSso = defineOperation({
  method: "get",
  path: "/organization/sso",
  summary: "The organization's single sign-on (OpenID Connect) and the redirect URI to register (owners and admins)",
  auth: "user",
  access: { role: "admin", to: "read the single sign-on settings" },
  ok: [200, ssoViewSchema],
  errors: [401, 403],
});

export const setSso = defineOperation({
  method: "put",
  path: "/organization/sso",
  summary:
    "Set up single sign-on through the organization's identity provider (owners); the provider must answer discovery",
  auth: "user",
  access: { role: "owner", to: "set up single sign-on" },
  body: ssoSettingsSchema,
  ok: [200, ssoViewSchema],
  errors: [400, 401, 403, 409],
});

export const removeSso = defineOperation({
  method: "delete",
  path: "/organization/sso",
  summary: "Remove single sign-on (owners); members sign in with a password again",
  auth: "user",
  access: { role: "owner", to: "set up single sign-on" },
  ok: [200, ssoViewSchema],
  errors: [401, 403],
});

export const proveSsoDomain = defineOperation({
  method: "post",
  path: "/organization/sso/domains/{domain}/verify",
  summary:
    "Prove the organization controls a domain by the DNS TXT record its settings give (owners); until proven it admits no one",
  auth: "user",
  access: { role: "owner", to: "set up single sign-on" },
  ok: [200, ssoViewSchema],
  errors: [401, 403, 404, 409, 503],
});

export const linkSso = defineOperation({
  method: "post",
  path: "/account/sso-link",
  summary:
    "Link your account to the single sign-on of your work address's organization: from a session opened with your own password, the browser goes to redirectTo",
  auth: "user",
  access: { role: "member" },
  body: ssoLinkSchema,
  ok: [200, ssoLinkStartSchema],
  errors: [400, 401, 403, 404],
});

export const listServers = defineOperation({
  method: "get",
  path: "/organization/servers",
  summary: "The organization's upstream MCP servers, each served through Keyway at its resource URL",
  auth: "user",
  access: { role: "member" },
  ok: [200, serverListSchema],
  errors: [401, 403],
});

export const registerServer = defineOperation({
  method: "post",
  path: "/organization/servers",
  summary:
    "Register an MCP server the organization runs (owners and admins); its URL must be one the operator allows (UPSTREAM_ALLOWED)",
  auth: "user",
  access: { role: "admin", to: "register MCP servers" },
  body: registerServerSchema,
  ok: [201, serverViewSchema],
  errors: [400, 401, 403, 409],
});

export const updateServer = defineOperation({
  method: "patch",
  path: "/organization/servers/{id}",
  summary:
    "Change an upstream MCP server's name, URL or how Keyway authenticates to it (owners and admins); a header's new value is never shown again",
  auth: "user",
  access: { role: "admin", to: "register MCP servers" },
  body: updateServerSchema,
  ok: [200, serverViewSchema],
  errors: [400, 401, 403, 404],
});

export const removeServer = defineOperation({
  method: "delete",
  path: "/organization/servers/{id}",
  summary: "Remove an upstream MCP server (owners and admins); its tokens are refused from their next request",
  auth: "user",
  access: { role: "admin", to: "register MCP servers" },
  ok: [200, z.object({ deleted: z.literal(true) })],
  errors: [401, 403, 404],
});

export const listEnterpriseClients = defineOperation({
  method: "get",
  path: "/organization/enterprise-clients",
  summary: "MCP clients registered for enterprise-managed authorization (ID-JAG) (owners and admins)",
  auth: "user",
  access: { role: "admin", to: "read the enterprise clients" },
  ok: [200, enterpriseClientListSchema],
  errors: [401, 403],
});

export const createEnterpriseClient = defineOperation({
  method: "post",
  path: "/organization/enterprise-clients",
  summary: "Register an MCP client for enterprise-managed authorization (owners); its secret is in this response only",
  auth: "user",
  access: { role: "owner", to: "register enterprise clients" },
  body: createEnterpriseClientSchema,
  ok: [201, enterpriseClientWithSecretSchema],
  errors: [400, 401, 403],
});

export const deleteEnterpriseClient = defineOperation({
  method: "delete",
  path: "/organization/enterprise-clients/{id}",
  summary: "Delete an enterprise client (owners); the access it was granted is revoked at once",
  auth: "user",
  access: { role: "owner", to: "delete enterprise clients" },
  ok: [200, z.object({ deleted: z.literal(true) })],
  errors: [401, 403, 404],
});

export const getSecondFactor = defineOperation({
  method: "get",
  path: "/account/second-factor",
  summary: "The user's second factor: authenticator app, recovery codes left, and whether one is required",
  auth: "user",
  access: { role: "member" },
  enrolling: true,
  ok: [200, secondFactorStatusSchema],
  errors: [401],
});

export const startTotp = defineOperation({
  method: "post",
  path: "/account/second-factor/totp",
  summary: "Start setting up an authenticator app: a new secret, counted once a first code confirms it",
  auth: "user",
  access: { role: "member" },
  enrolling: true,
  ok: [200, totpEnrolmentSchema],
  errors: [401, 409],
});

export const confirmTotp = defineOperation({
  method: "post",
  path: "/account/second-factor/totp/confirm",
  summary: "Confirm the authenticator app with its current code; the recovery codes are in this response only",
  auth: "user",
  access: { role: "member" },
  enrolling: true,
  body: secondFactorCodeSchema,
  ok: [200, recoveryCodesSchema],
  errors: [400, 401, 409],
});

export const removeTotp = defineOperation({
  method: "delete",
  path: "/account/second-factor/totp",
  summary: "Remove the authenticator app (a current code or a recovery code); refused where one is required",
  auth: "user",
  access: { role: "member" },
  body: secondFactorCodeSchema,
  ok: [200, secondFactorStatusSchema],
  errors: [400, 401, 403],
});

export const getSecondFactorRequirement = defineOperation({
  method: "get",
  path: "/organization/second-factor",
  summary: "Whether members must sign in with a second factor, and who has one (owners and admins)",
  auth: "user",
  access: { role: "admin", to: "read the second-factor requirement" },
  ok: [200, secondFactorRequirementSchema],
  errors: [401, 403],
});

export const setSecondFactorRequirement = defineOperation({
  method: "put",
  path: "/organization/second-factor",
  summary: "Require a second factor of every member (owners)",
  auth: "user",
  access: { role: "owner", to: "require a second factor" },
  body: setSecondFactorRequirementSchema,
  ok: [200, secondFactorRequirementSchema],
  errors: [400, 401, 403, 409],
});

export const resetSecondFactor = defineOperation({
  method: "post",
  path: "/organization/members/{userId}/second-factor/reset",
  summary:
    "Remove a member's lost second factor (owners), when this organization is their only one; their sessions end and they set up a new one",
  auth: "user",
  access: { role: "owner", to: "reset a member's second factor" },
  ok: [200, secondFactorRequirementSchema],
  errors: [401, 403, 404, 409],
});

export const passkeyRegistrationOptions = defineOperation({
  method: "post",
  path: "/account/second-factor/passkeys/options",
  summary: "WebAuthn options to create a passkey, with the ticket to send back (five minutes)",
  auth: "user",
  access: { role: "member" },
  enrolling: true,
  ok: [200, passkeyOptionsSchema],
  errors: [401],
});

export const addPasskey = defineOperation({
  method: "post",
  path: "/account/second-factor/passkeys",
  summary:
    "Add the passkey the browser created; recovery codes, if it is the first second factor, in this response only",
  auth: "user",
  access: { role: "member" },
  enrolling: true,
  body: addPasskeySchema,
  ok: [201, recoveryCodesSchema],
  errors: [400, 401, 409],
});

export const removePasskey = defineOperation({
  method: "delete",
  path: "/account/second-factor/passkeys/{id}",
  summary: "Remove a passkey; refused for the last second factor where one is required",
  auth: "user",
  access: { role: "member" },
  ok: [200, secondFactorStatusSchema],
  errors: [401, 403, 404],
});

export const passkeySignInOptions = defineOperation({
  method: "post",
  path: "/auth/passkey/options",
  summary: "WebAuthn options to sign in with a passkey as the second factor (any of this site's), with the ticket",
  auth: "none",
  ok: [200, passkeyOptionsSchema],
  errors: [],
});

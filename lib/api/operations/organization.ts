import { activityListSchema, webhookLogSchema, webhookSecretSchema, webhookUpdateSchema } from "../../activity/schemas";
import { policyUpdateResultSchema, tokenPolicySchema } from "../../tokens/schemas";
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
} from "../../teams/schemas";
import { defineOperation } from "./define";

// Organizations, members, invitations, unusual activity, the webhook and the token policy.

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

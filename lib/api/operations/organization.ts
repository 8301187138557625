import {
  activityListSchema,
  webhookDeliverySchema,
  webhookLogSchema,
  webhookSecretSchema,
  webhookUpdateSchema,
} from "../../activity/schemas";
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

export const listOrganizations = defineOperation("get /organizations", {
  access: { role: "member" },
  // Open while a second factor is missing where the user acts: another organization may not ask for one.
  enrolling: true,
  summary: "The user's organizations, roles, the current one, and which this sign-in reaches",
  ok: [200, organizationListSchema],
});

export const switchOrganization = defineOperation("put /organizations/current", {
  access: { role: "member" },
  enrolling: true,
  summary: "Act in another of the user's organizations that this sign-in reaches",
  body: switchOrganizationSchema,
  ok: [200, organizationListSchema],
  errors: [404],
});

export const listMembers = defineOperation("get /organization/members", {
  access: { role: "member" },
  summary: "Members of the current organization",
  ok: [200, memberListSchema],
});

export const changeRole = defineOperation("patch /organization/members/{userId}", {
  access: { role: "owner", to: "change roles" },
  summary: "Change a member's role (owners)",
  body: changeRoleSchema,
  ok: [200, memberSchema],
  errors: [409],
});

export const removeMember = defineOperation("delete /organization/members/{userId}", {
  access: { role: "member" },
  summary: "Remove a member or leave; revokes their tokens and connected apps in the organization",
  ok: [200, removedMemberSchema],
  errors: [409],
});

export const listInvitations = defineOperation("get /organization/invitations", {
  access: { role: "admin", to: "see invitations" },
  summary: "Invitations (owners and admins)",
  ok: [200, invitationListSchema],
});

export const createInvitation = defineOperation("post /organization/invitations", {
  access: { role: "admin", to: "invite people" },
  summary: "Invite by e-mail address; the single-use link is in this response only",
  body: createInvitationSchema,
  ok: [201, invitationWithLinkSchema],
  errors: [409],
});

export const revokeInvitation = defineOperation("delete /organization/invitations/{id}", {
  access: { role: "admin", to: "revoke invitations" },
  summary: "Revoke a pending invitation",
  ok: [200, invitationSchema],
});

export const acceptInvitation = defineOperation("post /invitations/accept", {
  access: { role: "member" },
  summary: "Join the organization of an invitation link (as the invited address)",
  body: acceptInvitationSchema,
  ok: [200, acceptedInvitationSchema],
  errors: [404, 409],
});

export const listActivity = defineOperation("get /organization/activity", {
  access: { role: "admin", to: "read unusual activity" },
  summary: "Unusual-activity flags of the organization's tokens (owners and admins)",
  ok: [200, activityListSchema],
});

export const dismissFlag = defineOperation("post /organization/activity/{id}/dismiss", {
  access: { role: "admin", to: "dismiss unusual activity" },
  summary: "Set a flag aside once looked at: no longer listed, nor counted on its token (owners and admins)",
  ok: [204],
});

export const getWebhook = defineOperation("get /organization/webhook", {
  access: { role: "admin", to: "read the webhook log" },
  summary: "The activity webhook and its delivery log (owners and admins)",
  ok: [200, webhookLogSchema],
});

export const setWebhook = defineOperation("put /organization/webhook", {
  access: { role: "owner", to: "set the webhook" },
  summary: "Set or remove the activity webhook (owners); the signing secret is in this response only",
  body: webhookUpdateSchema,
  ok: [200, webhookSecretSchema],
});

export const testWebhook = defineOperation("post /organization/webhook/test", {
  access: { role: "owner", to: "test the webhook" },
  summary: "Send a signed test event to the webhook now (owners); answers with the delivery after its first attempt",
  ok: [200, webhookDeliverySchema],
  errors: [409],
});

export const getPolicy = defineOperation("get /organization/policy", {
  access: { role: "member" },
  summary: "The organization's token policy",
  ok: [200, tokenPolicySchema],
});

export const setPolicy = defineOperation("put /organization/policy", {
  access: { role: "owner", to: "change the token policy" },
  summary: "Set the token policy (owners); lists active tokens that exceed it",
  body: tokenPolicySchema,
  ok: [200, policyUpdateResultSchema],
});

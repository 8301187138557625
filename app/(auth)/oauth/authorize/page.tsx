import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ConsentForm } from "@/components/oauth/consent-form";
import { Alert } from "@/components/ui";
import { requirePageUser } from "@/lib/auth/session-user";
import { checkAuthorizationRequest, consentContext, consentTicket, redirectHostOf } from "@/lib/oauth/authorization";
import { AuthorizationServerError } from "@/lib/oauth/errors";
import { SCOPE_INFO } from "@/lib/scopes";
import { describeDuration } from "@/lib/time";

export const metadata: Metadata = { title: "Authorize an app" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function toParams(query: Awaited<SearchParams>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(name, item);
  }
  return params;
}

// GET /oauth/authorize - the authorization endpoint: checks the request, signs the user in if
// needed, then asks them. Problems with the client or redirect URI are shown here and never
// redirected (RFC 6749 section 4.1.2.1); every other answer goes back to the client.
export default async function AuthorizePage({ searchParams }: { searchParams: SearchParams }) {
  const params = toParams(await searchParams);
  let outcome;
  try {
    outcome = await checkAuthorizationRequest(params);
  } catch (error) {
    if (!(error instanceof AuthorizationServerError)) throw error;
    return (
      <Alert tone="error">
        <h1 className="font-semibold">This app&apos;s request cannot be accepted</h1>
        <p>{error.description} Nothing was shared with the app.</p>
      </Alert>
    );
  }
  if (outcome.kind === "redirect") redirect(outcome.location);
  const user = await requirePageUser(`/oauth/authorize?${params}`);
  const { request } = outcome;
  let context;
  try {
    context = await consentContext(user, request);
  } catch (error) {
    if (!(error instanceof AuthorizationServerError)) throw error;
    return (
      <Alert tone="error">
        <h1 className="font-semibold">This app cannot be connected</h1>
        <p>{error.description}</p>
      </Alert>
    );
  }
  const { organization, resource, firstTime, offered, withheld, lifetimes } = context;
  const redirectHost = redirectHostOf(request.redirectUri);
  return (
    <ConsentForm
      ticket={await consentTicket(user, request)}
      client={{
        name: request.client.name,
        kind: request.client.kind,
        id: request.client.id,
        logoUri: request.client.logoUri,
        clientUri: request.client.clientUri,
      }}
      redirectHost={redirectHost}
      firstTime={firstTime}
      organization={organization}
      resource={resource}
      userEmail={user.email}
      scopes={offered.map((item) => ({ ...item, ...SCOPE_INFO[item.scope] }))}
      lifetimes={{
        access: describeDuration(lifetimes.accessMs),
        refreshIdle: describeDuration(lifetimes.refreshIdleMs),
      }}
      refusedScopes={request.refusedScopes}
      withheldScopes={withheld}
    />
  );
}

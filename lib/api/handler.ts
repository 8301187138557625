import type { AccountUser } from "../auth/accounts";
import { requireUser } from "../auth/current-user";
import { errorResponse } from "./errors";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

type Handler<P> = (args: { request: Request; params: P }) => Promise<Response>;
type UserHandler<P> = (args: { request: Request; params: P; user: AccountUser }) => Promise<Response>;

/** Every API handler goes through here: awaited params, one error mapping, never a stack trace. */
export function route<P = Record<string, string>>(handler: Handler<P>) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      return await handler({ request, params: (await context.params) as P });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** A handler that needs a signed-in user (session cookie or user access token). */
export function userRoute<P = Record<string, string>>(handler: UserHandler<P>) {
  return route<P>(async ({ request, params }) => handler({ request, params, user: await requireUser(request) }));
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });
}

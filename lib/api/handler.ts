import type { z } from "zod";
import type { AccountUser } from "../auth/accounts";
import { requireUser } from "./require-user";
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

/**
 * A JSON answer. The body passes its output schema first: the OpenAPI document (built from the
 * same schemas) is true of every response, and nothing a schema does not list (a hash) can leave.
 */
export function json<S extends z.ZodType>(
  schema: S,
  body: z.input<S>,
  status = 200,
  headers: Record<string, string> = {},
) {
  return Response.json(schema.parse(body), { status, headers: { "Cache-Control": "no-store", ...headers } });
}

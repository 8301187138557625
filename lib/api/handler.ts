import type { z } from "zod";
import type { AccountUser } from "../auth/accounts";
import { requireAccess } from "../auth/roles";
import { errorResponse } from "./errors";
import type { Operation } from "./operations";
import { parseBody, parseQuery } from "./parse";
import { requireUser } from "./require-user";

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

/** `{ id: string }` for "/tokens/{id}": the path parameters an operation's path names. */
type ParamsOf<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}`
  ? { [K in Name]: string } & ParamsOf<Rest>
  : unknown;

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export type EndpointInput<O extends Operation> = {
  request: Request;
  params: ParamsOf<O["path"]>;
  user: O extends { access: object } ? AccountUser : undefined;
  body: Parsed<O["body"]>;
  query: Parsed<O["query"]>;
};

/** What the handler answers: the success body (the schema's input), nothing for 204, or a Response of its own. */
type EndpointOutput<O extends Operation> = O["ok"] extends readonly [number, infer S extends z.ZodType]
  ? z.input<S> | Response
  : void | Response;

/**
 * The handler of one declared operation (./operations.ts): the operation's authentication, its
 * body and query parsed by its schemas, and its answer passed through its output schema with its
 * success status, so what the handler does and what the OpenAPI document says are one thing.
 */
export function endpoint<const O extends Operation>(
  operation: O,
  handler: (input: EndpointInput<O>) => Promise<EndpointOutput<O>>,
) {
  return route<ParamsOf<O["path"]>>(async ({ request, params }) => {
    // Who may call it, before anything of the request is read.
    const user = operation.access ? await requireUser(request, { enrolling: operation.enrolling }) : undefined;
    if (user && operation.access) requireAccess(user, operation.access);
    const body = operation.body
      ? await parseBody(request, operation.body, { optional: operation.bodyOptional })
      : undefined;
    const query = operation.query ? parseQuery(request, operation.query) : undefined;
    const answer = await handler({ request, params, user, body, query } as EndpointInput<O>);
    if (answer instanceof Response) return answer;
    const [status, schema] = operation.ok;
    if (!schema) return new Response(null, { status, headers: { "Cache-Control": "no-store" } });
    return json(schema, answer, status);
  });
}

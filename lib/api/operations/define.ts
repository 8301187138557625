import type { z } from "zod";
import type { Access } from "../../auth/roles";

// Every operation of /api/v2, declared once (one module per resource beside this one): method,
// path, who may call it, input and output schemas and errors. The route file binds its handler to
// the operation (`endpoint` in lib/api/handler.ts), which authenticates, checks the role, parses
// the input and passes the answer through the output schema; the OpenAPI document
// (lib/api/openapi.ts) and the pages' client (lib/client/api.ts) are generated from the same
// declarations, and a test checks that every route file binds the operation of its own path and
// method, and nothing else.

/** Who may call an operation: a signed-in user with a role, or a caller the handler checks itself. */
type Caller =
  | {
      /**
       * A signed-in user (the session cookie or a user access token) with at least this role in
       * their organization (member, admin or owner), enforced by `endpoint`.
       */
      access: Access;
      auth?: undefined;
    }
  | {
      /** `apiToken`: the handler verifies the API token it is sent; `none`: anyone. */
      auth: "apiToken" | "none";
      access?: undefined;
    };

export type Operation = Caller & {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Under /api/v2; `{name}` for a path parameter. */
  path: string;
  summary: string;
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
  /** Error statuses of its own, beyond those the declaration implies (`errorStatuses`). */
  errors?: readonly number[];
};

type Method = Operation["method"];

/**
 * An operation, named by its route as a request line says it (`"patch /tokens/{id}"`), and the
 * rest of its declaration.
 */
export function defineOperation<
  const R extends `${Method} /${string}`,
  const D extends DistributiveOmit<Operation, "method" | "path">,
>(route: R, declaration: D) {
  const [method, path] = route.split(" ") as [Method, string];
  return { method, path, ...declaration } as D & RouteOf<R>;
}

type RouteOf<R extends string> = R extends `${infer M extends Method} ${infer P}` ? { method: M; path: P } : never;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * Every error status an operation may answer: 400 for a body or query its schema refuses, 401
 * without valid credentials, 403 for a role it lacks (or a second factor its organization
 * requires), 404 for a path naming something that is not there (or not the caller's), 413 for a
 * body over the limit, and the operation's own.
 */
export function errorStatuses(operation: Operation): number[] {
  const implied = [
    ...(operation.body || operation.query ? [400] : []),
    ...(operation.auth === "none" ? [] : [401]),
    ...(operation.access ? [403] : []),
    ...(operation.path.includes("{") ? [404] : []),
    ...(operation.body ? [413] : []),
  ];
  return [...new Set([...implied, ...(operation.errors ?? [])])].sort((a, b) => a - b);
}

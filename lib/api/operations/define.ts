import type { z } from "zod";
import type { Access } from "../../auth/roles";

// Every operation of /api/v2, declared once (one module per resource beside this one): method,
// path, authentication, who may call it, input and output schemas and errors. The route file binds
// its handler to the operation (`endpoint` in lib/api/handler.ts), which authenticates, checks the
// role, parses the input and passes the answer through the output schema; the OpenAPI document
// (lib/api/openapi.ts) is generated from the same declarations, and a test checks that every route
// file binds the operation of its own path and method, and nothing else.

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

export function defineOperation<const O extends Operation>(operation: O): O {
  return operation;
}

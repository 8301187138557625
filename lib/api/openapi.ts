import { z } from "zod";
import * as operations from "./operations";
import type { Operation } from "./operations";
import { errorStatuses } from "./operations/define";

// Generated from the operations the handlers are bound to (./operations.ts), so the document
// cannot drift from what the API does.
const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
  }),
});

const input = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
const output = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "output", unrepresentable: "any" });

function queryParameters(schema: z.ZodObject) {
  const json = input(schema) as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schemaOf]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema: schemaOf,
  }));
}

function operation(op: Operation) {
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const security =
    op.auth === "none" ? [] : op.auth === "apiToken" ? [{ apiToken: [] }] : [{ session: [] }, { userAccessToken: [] }];
  const okSchema = op.ok[1];
  const who = !op.access
    ? null
    : op.access.role === "member"
      ? "any member of the organization."
      : op.access.role === "admin"
        ? "organization owners and admins only."
        : "organization owners only.";
  return {
    summary: op.summary,
    ...(who && { description: `Who may call it: ${who}` }),
    security,
    // Who may call it, for tools: the least role in the caller's organization (member < admin < owner).
    ...(op.access && { "x-keyway-role": op.access.role }),
    parameters: [
      ...pathParams.map((name) => ({ name, in: "path", required: true, schema: { type: "string" } })),
      ...(op.query ? queryParameters(op.query) : []),
    ],
    ...(op.body && {
      requestBody: { required: !op.bodyOptional, content: { "application/json": { schema: input(op.body) } } },
    }),
    responses: {
      [op.ok[0]]: okSchema
        ? {
            description: "Success",
            content: Object.fromEntries(
              (op.produces ?? ["application/json"]).map((type) => [type, { schema: output(okSchema) }]),
            ),
          }
        : { description: "Success, no body" },
      ...Object.fromEntries(
        errorStatuses(op).map((status) => [
          status,
          { description: "Error", content: { "application/json": { schema: output(errorSchema) } } },
        ]),
      ),
    },
  };
}

export function openApiDocument(appUrl: string) {
  const paths: Record<string, Record<string, ReturnType<typeof operation>>> = {};
  for (const op of Object.values(operations)) (paths[op.path] ??= {})[op.method] = operation(op);
  return {
    openapi: "3.1.0" as const,
    info: { title: "Keyway API", version: "2.0.0", description: "API tokens for Keyway's MCP endpoint." },
    servers: [{ url: `${appUrl}/api/v2` }],
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token" },
        userAccessToken: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "From POST /auth/token" },
        apiToken: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "An API token" },
      },
    },
    paths,
  };
}

/** What GET /api/v2/openapi.json answers: an OpenAPI 3.1 document (its inside is generated above). */
export const openApiDocumentSchema = z.looseObject({
  openapi: z.literal("3.1.0"),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
});

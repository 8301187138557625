import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";
import * as operations from "@/lib/api/operations";
import { errorStatuses } from "@/lib/api/operations/define";

// Each operation of /api/v2 is declared once (lib/api/operations/): the route file binds its
// handler to it with `endpoint`, which applies its authentication and schemas, and the OpenAPI
// document is generated from the same declarations. What could still drift is the binding: this
// checks that every method a route file exports is bound to the operation of that file's own path
// and method, and that every operation is bound exactly once.

const API_DIR = path.join(process.cwd(), "app", "api", "v2");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

type Binding = { file: string; route: string; method: string; operation: string | null };

/** Each exported method of each route file, with the operation it binds (null: not an endpoint). */
function bindings(): Binding[] {
  return routeFiles(API_DIR).flatMap((file) => {
    const route = `/${path.relative(API_DIR, path.dirname(file)).split(path.sep).join("/")}`.replace(
      /\[(\w+)\]/g,
      "{$1}",
    );
    if (route === "/openapi.json") return []; // the document itself
    const source = readFileSync(file, "utf8");
    return METHODS.filter((method) => new RegExp(`export const ${method}\\b`).test(source)).map((method) => ({
      file: path.relative(process.cwd(), file),
      route,
      method: method.toLowerCase(),
      operation: new RegExp(`export const ${method} = endpoint\\(api\\.(\\w+),`).exec(source)?.[1] ?? null,
    }));
  });
}

const declared = operations as unknown as Record<string, { method: string; path: string }>;

describe("the operations, the route files and the OpenAPI document", () => {
  it("bind every exported method to the operation of its own path and method", () => {
    for (const binding of bindings()) {
      expect(binding.operation, `${binding.file} ${binding.method}`).not.toBeNull();
      const operation = declared[binding.operation!];
      expect(operation, `${binding.file}: api.${binding.operation}`).toBeDefined();
      expect({ path: operation!.path, method: operation!.method }, binding.file).toEqual({
        path: binding.route,
        method: binding.method,
      });
    }
  });

  it("bind every operation exactly once", () => {
    const bound = bindings()
      .map((binding) => binding.operation)
      .sort();
    expect(bound).toEqual(Object.keys(declared).sort());
  });

  it("document exactly the operations", () => {
    const { paths } = openApiDocument("http://localhost:3800");
    const documented = Object.entries(paths).flatMap(([route, methods]) =>
      Object.keys(methods).map((method) => `${method} ${route}`),
    );
    expect(documented.sort()).toEqual(
      Object.values(declared)
        .map((operation) => `${operation.method} ${operation.path}`)
        .sort(),
    );
  });
});

describe("who may call each operation", () => {
  const all = Object.entries(operations as unknown as Record<string, operations.Operation>);

  it("is declared on every operation: a signed-in user's role, or a caller the handler checks itself", () => {
    const undeclared = all.filter(([, operation]) => !operation.access === !operation.auth);
    expect(undeclared.map(([name]) => name)).toEqual([]);
  });

  it("is above membership for every change to an organization's settings, people or machines", () => {
    // Removing a member is open to members: anyone may leave (lib/auth/roles.ts, canRemove).
    const openToMembers = ["removeMember"];
    const changes = all.filter(
      ([name, operation]) =>
        operation.method !== "get" &&
        /^\/(organization|service-accounts)\//.test(`${operation.path}/`) &&
        !openToMembers.includes(name),
    );
    expect(changes.length).toBeGreaterThan(20);
    for (const [name, operation] of changes) expect(operation.access?.role, name).toMatch(/^(admin|owner)$/);
  });

  it("is in the OpenAPI document", () => {
    const { paths } = openApiDocument("http://localhost:3800");
    const policy = (paths as Record<string, Record<string, Record<string, unknown>>>)["/organization/policy"]!;
    expect(policy.put!["x-keyway-role"]).toBe("owner");
    expect(policy.put!.description).toBe("Who may call it: organization owners only.");
    expect(policy.get!["x-keyway-role"]).toBe("member");
  });
});

describe("the error statuses of each operation", () => {
  const statuses = (path: string, method: string) =>
    Object.keys(
      (openApiDocument("http://localhost:3800").paths as Record<string, Record<string, { responses: object }>>)[path]![
        method
      ]!.responses,
    );

  it("follow from the declaration, with the operation's own added", () => {
    // A user's change of a named thing: bad body, no credentials, no role, no such thing, too large,
    // and its own 409.
    expect(errorStatuses(operations.updateToken)).toEqual([400, 401, 403, 404, 409, 413]);
    // Anyone may call it: no 401 or 403, and its own 409 (the address is taken).
    expect(errorStatuses(operations.signUp)).toEqual([400, 409, 413]);
    // Its own 401 (wrong password) and 429 (throttled), with no body size of its own to refuse.
    expect(errorStatuses(operations.issueAccessToken)).toEqual([400, 401, 413, 429]);
    expect(errorStatuses(operations.listServers)).toEqual([401, 403]);
  });

  it("are the OpenAPI document's error responses", () => {
    expect(statuses("/tokens/{id}", "patch")).toEqual(["200", "400", "401", "403", "404", "409", "413"]);
    expect(statuses("/auth/signup", "post")).toEqual(["201", "400", "409", "413"]);
  });
});

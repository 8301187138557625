import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/api/openapi";

// The REST API is described twice: by the route files and by the OpenAPI document's route table.
// This keeps the two from drifting: every route file and each method it exports is in the
// document, and the document has nothing else (issue 23, item 5, in part).

const API_DIR = path.join(process.cwd(), "app", "api", "v2");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** The documented path of a route file (`[id]` as `{id}`) and the methods it exports. */
function fromFiles(): Record<string, string[]> {
  const found: Record<string, string[]> = {};
  for (const file of routeFiles(API_DIR)) {
    const route = `/${path.relative(API_DIR, path.dirname(file)).split(path.sep).join("/")}`.replace(
      /\[(\w+)\]/g,
      "{$1}",
    );
    if (route === "/openapi.json") continue; // the document itself
    const source = readFileSync(file, "utf8");
    found[route] = METHODS.filter((method) => new RegExp(`export const ${method}\\b`).test(source))
      .map((method) => method.toLowerCase())
      .sort();
  }
  return found;
}

describe("the OpenAPI document and the route files", () => {
  it("describe the same paths and methods", () => {
    const { paths } = openApiDocument("http://localhost:3800");
    const documented = Object.fromEntries(
      Object.entries(paths as Record<string, Record<string, unknown>>).map(([route, methods]) => [
        route,
        Object.keys(methods).sort(),
      ]),
    );
    expect(documented).toEqual(fromFiles());
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import * as operations from "@/lib/api/operations";
import type { Operation } from "@/lib/api/operations";
import { api, createUser, type TestUser } from "../helpers/api";

// Issue 38, item 1: who may call each operation is declared on it and enforced once, by
// `endpoint`, before the request's body or query is read. Every operation that needs more than
// membership is called here by someone below its role: each must refuse, naming who may.

const declared = Object.entries(operations as unknown as Record<string, Operation>);

async function joined(owner: TestUser, role: "admin" | "member") {
  const person = await createUser();
  const invited = await api("/api/v2/organization/invitations", {
    token: owner.accessToken,
    body: { email: person.email, role },
  });
  expect(invited.status).toBe(201);
  const accepted = await api("/api/v2/invitations/accept", {
    token: person.accessToken,
    body: { secret: new URL(invited.body.url).pathname.split("/").pop() },
  });
  expect(accepted.status).toBe(200);
  return person;
}

let admin: TestUser;
let member: TestUser;

beforeAll(async () => {
  const owner = await createUser();
  [admin, member] = [await joined(owner, "admin"), await joined(owner, "member")];
});

/** The operation called with placeholders for its path, and an empty body where it takes one. */
function call(operation: Operation, user: TestUser) {
  const path = operation.path.replace(/\{\w+\}/g, "placeholder");
  return api(`/api/v2${path}`, {
    method: operation.method.toUpperCase(),
    token: user.accessToken,
    ...(operation.body && { body: {} }),
  });
}

describe("who may call each operation", () => {
  const restricted = declared.filter(([, operation]) => operation.access && operation.access.role !== "member");

  it.each(restricted.map(([name, operation]) => [name, operation] as const))(
    "%s refuses a member, and an admin where only owners may",
    async (_name, operation) => {
      const access = operation.access as { role: "admin" | "owner"; to: string };
      const who = access.role === "owner" ? "owners" : "owners and admins";
      const refused = [member, ...(access.role === "owner" ? [admin] : [])];
      for (const user of refused) {
        const answer = await call(operation, user);
        expect(answer.status, `${operation.method} ${operation.path} as ${user.email}`).toBe(403);
        expect(answer.body.error.message).toBe(`Only organization ${who} can ${access.to}.`);
      }
    },
  );
});

import { z } from "zod";
import { DomainError } from "./errors";
import { text } from "./validation";

// Every list (tokens, tasks, audit events) pages the same way: newest first, keyed by id
// (lib/db/paginate.ts), with a cursor that must name an item of the very list being paged.
export const cursorSchema = text().trim().min(1, "must not be empty").max(100);

export async function requireCursorInList(
  cursor: string | undefined,
  findInList: (id: string) => Promise<unknown>,
): Promise<void> {
  if (cursor === undefined || (await findInList(cursor))) return;
  throw new DomainError("validation_error", "cursor: does not name an item of this list", {
    fields: { cursor: ["unknown cursor"] },
  });
}

/** The `limit` of a list, as a number (MCP tools) or a query-string value (REST). */
export const limitSchema = (defaultLimit: number) => z.number().int().min(1).max(100).default(defaultLimit);
export const queryLimitSchema = (defaultLimit: number) => z.coerce.number().int().min(1).max(100).default(defaultLimit);

import { z } from "zod";

// PostgreSQL text cannot hold NUL characters (SQLite can): every schema refuses them, so both stores
// behave alike and such input is a 400, not a database error.
const NO_NUL = /^[^\u0000]*$/;

export const text = () => z.string().regex(NO_NUL, "must not contain NUL characters");

/** Whether a path segment can name a stored row at all. */
export function isStorableId(value: string): boolean {
  return value.length > 0 && value.length <= 100 && NO_NUL.test(value);
}

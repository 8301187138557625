import { z } from "zod";
import { id } from "../tasks/schemas";

export const CONTEXT_LEVELS = ["organization", "task", "agent"] as const;
export const MAX_CONTEXT_BYTES = 64 * 1024;
export const MAX_CONTEXT_DEPTH = 32;

/** How deeply arrays and objects nest in a JSON value (the document itself is level 1), without recursion. */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length) {
    const [node, depth] = pending.pop()!;
    if (typeof node !== "object" || node === null) continue;
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return deepest;
}

const level = z.enum(CONTEXT_LEVELS);
// Bounded in depth and size: documents are merged recursively and returned to every reader.
const data = z
  .record(z.string(), z.unknown())
  .refine((value) => jsonDepth(value) <= MAX_CONTEXT_DEPTH, `must nest at most ${MAX_CONTEXT_DEPTH} levels deep`)
  .refine(
    (value) => Buffer.byteLength(JSON.stringify(value)) <= MAX_CONTEXT_BYTES,
    `must be at most ${MAX_CONTEXT_BYTES} bytes of JSON`,
  );

export const getContextInput = { level, id: id.optional() };
export const updateContextInput = { level, id: id.optional(), data, merge: z.boolean().default(false) };

export type ContextLevel = z.infer<typeof level>;

import { z } from "zod";
import { id } from "../tasks/schemas";

export const CONTEXT_LEVELS = ["organization", "task", "agent"] as const;
export const MAX_CONTEXT_BYTES = 64 * 1024;

const level = z.enum(CONTEXT_LEVELS);
const data = z
  .record(z.string(), z.unknown())
  .refine(
    (value) => Buffer.byteLength(JSON.stringify(value)) <= MAX_CONTEXT_BYTES,
    `must be at most ${MAX_CONTEXT_BYTES} bytes of JSON`,
  );

export const getContextInput = { level, id: id.optional() };
export const updateContextInput = { level, id: id.optional(), data, merge: z.boolean().default(false) };

export type ContextLevel = z.infer<typeof level>;

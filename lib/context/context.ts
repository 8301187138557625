import { findAgent } from "../agents/agents";
import { DomainError } from "../errors";
import { db } from "../db/client";
import { findTask } from "../tasks/tasks";
import type { ContextLevel } from "./schemas";
import { MAX_CONTEXT_BYTES } from "./schemas";

// A JSON document attached to the organization, one of its tasks or one of its agents.
type Json = Record<string, unknown>;

/** The subject a document belongs to, checked to exist inside the caller's organization. */
async function subjectOf(orgId: string, level: ContextLevel, id: string | undefined): Promise<string> {
  if (level === "organization") {
    if (id !== undefined && id !== orgId)
      throw new DomainError(
        "validation_error",
        "id must be omitted (or be your organization's id) for level organization.",
      );
    return orgId;
  }
  if (id === undefined) throw new DomainError("validation_error", `id is required for level ${level}.`);
  if (level === "task") await findTask(orgId, id);
  else await findAgent(orgId, id);
  return id;
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Objects merge key by key, recursively; anything else (arrays included) is replaced; null deletes. */
export function deepMerge(target: Json, source: Json): Json {
  const result: Json = { ...target };
  for (const [key, value] of Object.entries(source)) {
    if (value === null) delete result[key];
    else if (isPlainObject(value) && isPlainObject(result[key])) result[key] = deepMerge(result[key] as Json, value);
    else result[key] = value;
  }
  return result;
}

export async function getContext(orgId: string, level: ContextLevel, id?: string) {
  const subjectId = await subjectOf(orgId, level, id);
  const doc = await db().contextDocument.findUnique({ where: { orgId_level_subjectId: { orgId, level, subjectId } } });
  return {
    level,
    id: subjectId,
    data: doc ? (JSON.parse(doc.data) as Json) : {},
    updatedAt: doc?.updatedAt.toISOString() ?? null,
  };
}

export async function updateContext(
  orgId: string,
  input: { level: ContextLevel; id?: string; data: Json; merge: boolean },
) {
  const subjectId = await subjectOf(orgId, input.level, input.id);
  const key = { orgId_level_subjectId: { orgId, level: input.level, subjectId } };
  return db().$transaction(async (tx) => {
    const current = await tx.contextDocument.findUnique({ where: key });
    const data = input.merge ? deepMerge(current ? (JSON.parse(current.data) as Json) : {}, input.data) : input.data;
    const serialized = JSON.stringify(data);
    if (Buffer.byteLength(serialized) > MAX_CONTEXT_BYTES) {
      throw new DomainError("validation_error", `The merged document would exceed ${MAX_CONTEXT_BYTES} bytes.`);
    }
    const doc = await tx.contextDocument.upsert({
      where: key,
      create: { orgId, level: input.level, subjectId, data: serialized },
      update: { data: serialized },
    });
    return { level: input.level, id: subjectId, data, updatedAt: doc.updatedAt.toISOString() };
  });
}

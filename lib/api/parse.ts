import type { z } from "zod";
import { DomainError } from "../errors";

export const MAX_JSON_BODY_BYTES = 64 * 1024;
/** Deeper bodies are refused before parsing: no API needs more, and deep input costs stack. */
export const MAX_JSON_DEPTH = 64;

/** Whether arrays and objects in `text` nest deeper than `limit`: one pass, no recursion. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * Reads and validates a JSON body. The size is checked on the bytes actually read, not only on
 * Content-Length, so a lying or chunked request cannot push more than the limit into memory.
 */
export async function readJson(
  request: Request,
  { maxBytes = MAX_JSON_BODY_BYTES, optional = false } = {},
): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const contentType = request.headers.get("content-type") ?? "";
  if (contentType && !/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new DomainError("unsupported_media_type", "Send the body as application/json.");
  }
  const text = await readText(request, maxBytes);
  if (!text.trim() && optional) return {};
  if (!text.trim()) throw new DomainError("invalid_json", "The request body is empty; send a JSON object.");
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new DomainError(
      "invalid_json",
      `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError("invalid_json", "The request body is not valid JSON.");
  }
}

/** A JSON body validated by `schema`; with `optional`, an empty body counts as `{}`. */
export async function parseBody<T extends z.ZodType>(
  request: Request,
  schema: T,
  options: { optional?: boolean } = {},
): Promise<z.infer<T>> {
  return schema.parse(await readJson(request, options));
}

export function parseQuery<T extends z.ZodType>(request: Request, schema: T): z.infer<T> {
  return schema.parse(Object.fromEntries(new URL(request.url).searchParams));
}

function tooLarge(maxBytes: number) {
  return new DomainError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
}

export async function readText(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

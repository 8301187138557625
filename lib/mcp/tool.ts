import { z } from "zod";
import type { Scope } from "../scopes";
import type { Principal } from "../tokens/verify-token";

export type RateLimitState = { limit: number | null; remaining: number | null; resetAt: string | null };

/** What a tool knows about its caller: the verified principal, never the token itself. */
export type ToolContext = { principal: Principal; rateLimit: RateLimitState };

export type ToolDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> = {
  name: string;
  title: string;
  description: string;
  /** Every scope the call needs (write implies read). Empty: any valid token. */
  scopes: Scope[];
  input: Shape;
  readOnly: boolean;
  run: (context: ToolContext, args: z.infer<z.ZodObject<Shape>>) => Promise<Record<string, unknown>>;
};

export function defineTool<Shape extends z.ZodRawShape>(tool: ToolDefinition<Shape>): ToolDefinition {
  return tool as unknown as ToolDefinition;
}

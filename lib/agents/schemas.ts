import { z } from "zod";
import { text } from "../validation";
import { id } from "../tasks/schemas";

const name = text().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");
const description = text().max(2_000, "must be at most 2,000 characters");
const capabilities = z.array(text().trim().min(1).max(100)).max(50, "must list at most 50 capabilities");

export const registerAgentInput = { name, description: description.optional(), capabilities: capabilities.default([]) };
export const updateAgentInput = {
  id,
  name: name.optional(),
  description: description.nullable().optional(),
  capabilities: capabilities.optional(),
};
export const assignAgentInput = { agentId: id, taskId: id };

export type RegisterAgentInput = z.infer<z.ZodObject<typeof registerAgentInput>>;
export type UpdateAgentInput = z.infer<z.ZodObject<typeof updateAgentInput>>;

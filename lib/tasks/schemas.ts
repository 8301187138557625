import { z } from "zod";
import { cursorSchema, limitSchema } from "../pagination";
import { text } from "../validation";

export const TASK_STATUSES = ["todo", "in_progress", "blocked", "done"] as const;
export const TASK_PRIORITIES = ["low", "medium", "high", "urgent"] as const;

export const id = text().trim().min(1, "must not be empty").max(100);
const title = text().trim().min(1, "must not be empty").max(200, "must be at most 200 characters");
const description = text().max(10_000, "must be at most 10,000 characters");

export const listTasksInput = {
  status: z.enum(TASK_STATUSES).optional(),
  assigneeAgentId: id.optional(),
  limit: limitSchema(50),
  cursor: cursorSchema.optional(),
};
export const createTaskInput = {
  title,
  description: description.optional(),
  priority: z.enum(TASK_PRIORITIES).default("medium"),
  status: z.enum(TASK_STATUSES).default("todo"),
};
export const updateTaskInput = {
  id,
  title: title.optional(),
  description: description.nullable().optional(),
  priority: z.enum(TASK_PRIORITIES).optional(),
  status: z.enum(TASK_STATUSES).optional(),
};

export type ListTasksInput = z.infer<z.ZodObject<typeof listTasksInput>>;
export type CreateTaskInput = z.infer<z.ZodObject<typeof createTaskInput>>;
export type UpdateTaskInput = z.infer<z.ZodObject<typeof updateTaskInput>>;

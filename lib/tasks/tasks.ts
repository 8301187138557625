import { DomainError } from "../errors";
import { db } from "../db/client";
import { pageArgs, toPage } from "../db/paginate";
import { requireCursorInList } from "../pagination";
import type { Task } from "../db/types";
import type { CreateTaskInput, ListTasksInput, UpdateTaskInput } from "./schemas";

// Tasks of one organization. Every query carries `orgId`, so no id from elsewhere reaches a row.
export function toTaskView(task: Task) {
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    status: task.status,
    priority: task.priority,
    assigneeAgentId: task.assigneeAgentId,
    createdByUserId: task.createdByUserId,
    createdAt: task.createdAt.toISOString(),
    updatedAt: task.updatedAt.toISOString(),
    completedAt: task.completedAt?.toISOString() ?? null,
  };
}

export type TaskView = ReturnType<typeof toTaskView>;

function notFound(id: string) {
  return new DomainError("not_found", `No task with id "${id}" in this organization.`);
}

export async function findTask(orgId: string, id: string) {
  const task = await db().task.findFirst({ where: { id, orgId } });
  if (!task) throw notFound(id);
  return task;
}

export async function listTasks(orgId: string, input: ListTasksInput) {
  const where = { orgId, status: input.status, assigneeAgentId: input.assigneeAgentId };
  await requireCursorInList(input.cursor, (id) =>
    db().task.findFirst({ where: { ...where, id }, select: { id: true } }),
  );
  const rows = await db().task.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...pageArgs(input.limit, input.cursor),
  });
  const { page, nextCursor } = toPage(rows, input.limit);
  return { tasks: page.map(toTaskView), nextCursor };
}

export async function createTask(orgId: string, userId: string | null, input: CreateTaskInput) {
  const task = await db().task.create({
    data: {
      orgId,
      createdByUserId: userId,
      title: input.title,
      description: input.description ?? null,
      priority: input.priority,
      status: input.status,
      completedAt: input.status === "done" ? new Date() : null,
    },
  });
  return toTaskView(task);
}

export async function updateTask(orgId: string, input: UpdateTaskInput) {
  const { id, ...changes } = input;
  const current = await findTask(orgId, id);
  const completedAt =
    changes.status === undefined ? undefined : changes.status === "done" ? (current.completedAt ?? new Date()) : null;
  const updated = await db().task.updateMany({ where: { id, orgId }, data: { ...changes, completedAt } });
  if (updated.count === 0) throw notFound(id);
  return toTaskView(await findTask(orgId, id));
}

export function completeTask(orgId: string, id: string) {
  return updateTask(orgId, { id, status: "done" });
}

export async function deleteTask(orgId: string, id: string) {
  const task = await findTask(orgId, id);
  await db().$transaction([
    db().contextDocument.deleteMany({ where: { orgId, level: "task", subjectId: id } }),
    db().task.deleteMany({ where: { id, orgId } }),
  ]);
  return { deleted: true, task: toTaskView(task) };
}

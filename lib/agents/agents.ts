import { DomainError } from "../errors";
import { db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import type { Agent } from "../db/types";
import { findTask, toTaskView } from "../tasks/tasks";
import type { RegisterAgentInput, UpdateAgentInput } from "./schemas";

// Agents of one organization; every query is scoped by `orgId`.
export function toAgentView(agent: Agent) {
  return {
    id: agent.id,
    name: agent.name,
    description: agent.description,
    capabilities: JSON.parse(agent.capabilities) as string[],
    createdAt: agent.createdAt.toISOString(),
    updatedAt: agent.updatedAt.toISOString(),
  };
}

function nameTaken(name: string) {
  return new DomainError("conflict", `An agent named "${name}" already exists in this organization.`);
}

export async function findAgent(orgId: string, id: string) {
  const agent = await db().agent.findFirst({ where: { id, orgId } });
  if (!agent) throw new DomainError("not_found", `No agent with id "${id}" in this organization.`);
  return agent;
}

export async function listAgents(orgId: string) {
  const agents = await db().agent.findMany({
    where: { orgId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
  });
  return { agents: agents.map(toAgentView) };
}

export async function getAgent(orgId: string, id: string) {
  const agent = await findAgent(orgId, id);
  const tasks = await db().task.findMany({
    where: { orgId, assigneeAgentId: id },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  return { ...toAgentView(agent), assignedTasks: tasks.map(toTaskView) };
}

export async function registerAgent(orgId: string, input: RegisterAgentInput) {
  try {
    const agent = await db().agent.create({
      data: {
        orgId,
        name: input.name,
        description: input.description ?? null,
        capabilities: JSON.stringify(input.capabilities),
      },
    });
    return toAgentView(agent);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

export async function updateAgent(orgId: string, input: UpdateAgentInput) {
  const { id, capabilities, ...changes } = input;
  await findAgent(orgId, id);
  try {
    await db().agent.updateMany({
      where: { id, orgId },
      data: { ...changes, capabilities: capabilities && JSON.stringify(capabilities) },
    });
  } catch (error) {
    if (isUniqueViolation(error) && changes.name) throw nameTaken(changes.name);
    throw error;
  }
  return toAgentView(await findAgent(orgId, id));
}

export async function assignAgent(orgId: string, agentId: string, taskId: string) {
  const agent = await findAgent(orgId, agentId);
  await findTask(orgId, taskId);
  await db().task.updateMany({ where: { id: taskId, orgId }, data: { assigneeAgentId: agent.id } });
  return { agent: toAgentView(agent), task: toTaskView(await findTask(orgId, taskId)) };
}

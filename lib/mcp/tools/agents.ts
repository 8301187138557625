import { assignAgent, getAgent, listAgents, registerAgent, updateAgent } from "../../agents/agents";
import { assignAgentInput, registerAgentInput, updateAgentInput } from "../../agents/schemas";
import { id } from "../../tasks/schemas";
import { defineTool } from "../tool";

export const agentTools = [
  defineTool({
    name: "list_agents",
    title: "List agents",
    description: "List the organization's registered agents.",
    scopes: ["read:agents"],
    input: {},
    readOnly: true,
    run: ({ principal }) => listAgents(principal.orgId),
  }),
  defineTool({
    name: "get_agent",
    title: "Get an agent",
    description: "Get one agent by id, with the tasks assigned to it.",
    scopes: ["read:agents"],
    input: { id },
    readOnly: true,
    run: async ({ principal }, args) => ({ agent: await getAgent(principal.orgId, args.id) }),
  }),
  defineTool({
    name: "register_agent",
    title: "Register an agent",
    description: "Register an agent (names are unique in the organization).",
    scopes: ["write:agents"],
    input: registerAgentInput,
    readOnly: false,
    run: async ({ principal }, args) => ({ agent: await registerAgent(principal.orgId, args) }),
  }),
  defineTool({
    name: "update_agent",
    title: "Update an agent",
    description: "Change an agent's name, description or capabilities.",
    scopes: ["write:agents"],
    input: updateAgentInput,
    readOnly: false,
    run: async ({ principal }, args) => ({ agent: await updateAgent(principal.orgId, args) }),
  }),
  defineTool({
    name: "assign_agent",
    title: "Assign an agent to a task",
    description: "Assign an agent to a task of the same organization.",
    scopes: ["write:agents", "write:tasks"],
    input: assignAgentInput,
    readOnly: false,
    run: ({ principal }, args) => assignAgent(principal.orgId, args.agentId, args.taskId),
  }),
];

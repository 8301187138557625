import { id, createTaskInput, listTasksInput, updateTaskInput } from "../../tasks/schemas";
import { completeTask, createTask, deleteTask, findTask, listTasks, toTaskView, updateTask } from "../../tasks/tasks";
import { defineTool } from "../tool";

export const taskTools = [
  defineTool({
    name: "list_tasks",
    title: "List tasks",
    description: "List the organization's tasks, newest first. Filter by status or assigned agent; page with cursor.",
    scopes: ["read:tasks"],
    input: listTasksInput,
    readOnly: true,
    run: ({ principal }, args) => listTasks(principal.orgId, args),
  }),
  defineTool({
    name: "get_task",
    title: "Get a task",
    description: "Get one task by id.",
    scopes: ["read:tasks"],
    input: { id },
    readOnly: true,
    run: async ({ principal }, args) => ({ task: toTaskView(await findTask(principal.orgId, args.id)) }),
  }),
  defineTool({
    name: "create_task",
    title: "Create a task",
    description: "Create a task. Status: todo | in_progress | blocked | done; priority: low | medium | high | urgent.",
    scopes: ["write:tasks"],
    input: createTaskInput,
    readOnly: false,
    run: async ({ principal }, args) => ({ task: await createTask(principal.orgId, principal.userId, args) }),
  }),
  defineTool({
    name: "update_task",
    title: "Update a task",
    description: "Change a task's title, description, priority or status.",
    scopes: ["write:tasks"],
    input: updateTaskInput,
    readOnly: false,
    run: async ({ principal }, args) => ({ task: await updateTask(principal.orgId, args) }),
  }),
  defineTool({
    name: "complete_task",
    title: "Complete a task",
    description: "Mark a task as done.",
    scopes: ["write:tasks"],
    input: { id },
    readOnly: false,
    run: async ({ principal }, args) => ({ task: await completeTask(principal.orgId, args.id) }),
  }),
  defineTool({
    name: "delete_task",
    title: "Delete a task",
    description: "Delete a task and its context document.",
    scopes: ["write:tasks"],
    input: { id },
    readOnly: false,
    run: ({ principal }, args) => deleteTask(principal.orgId, args.id),
  }),
];

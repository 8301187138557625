import { getContext, updateContext } from "../../context/context";
import { getContextInput, updateContextInput } from "../../context/schemas";
import { defineTool } from "../tool";

export const contextTools = [
  defineTool({
    name: "get_context",
    title: "Get context",
    description: "Read the JSON context document of the organization, a task (id) or an agent (id).",
    scopes: ["read:context"],
    input: getContextInput,
    readOnly: true,
    run: ({ principal }, args) => getContext(principal.orgId, args.level, args.id),
  }),
  defineTool({
    name: "update_context",
    title: "Update context",
    description:
      "Replace the JSON context document of the organization, a task or an agent; with merge: true, deep-merge into it (null removes a key).",
    scopes: ["write:context"],
    input: updateContextInput,
    readOnly: false,
    run: ({ principal }, args) => updateContext(principal.orgId, args),
  }),
];

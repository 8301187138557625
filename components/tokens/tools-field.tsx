import type { ComponentProps } from "react";
import { Field } from "@/components/ui";

/** Tool names as typed in the field: separated by commas or spaces. */
export const toolNames = (text: string) => text.split(/[\s,]+/).filter(Boolean);

type Props = Omit<ComponentProps<typeof Field>, "label" | "name" | "hint"> & {
  /** The MCP server whose tools these are. */
  server: string;
  /** What is being narrowed: a token, or an app on the consent page. */
  holder: "token" | "app";
  /** The server's limit on what members grant, and whether it is the person's own; null: none. */
  limit: { tools: string[]; who: "you" | "members" } | null;
};

/** "Only these tools": narrows a token or an app's grant to named tools of an MCP server. */
export function ToolsField({ server, holder, limit, ...props }: Props) {
  return (
    <Field
      label="Only these tools"
      name="tools"
      placeholder="e.g. search, read_file"
      hint={
        !limit
          ? `Optional: the tools of ${server} this ${holder} may call, separated by commas; left empty, all of them.`
          : limit.who === "you"
            ? `Optional. You may grant only ${limit.tools.join(", ")} of ${server}; left empty, all of those.`
            : `Optional. Members may grant only ${limit.tools.join(", ")}; left empty, every tool you may grant.`
      }
      {...props}
    />
  );
}

// Ready-to-paste client configurations with the real URL and token filled in.
export type ClientConfig = { id: string; label: string; file: string; text: string };

export function clientConfigs(mcpUrl: string, token: string): ClientConfig[] {
  const headers = { Authorization: `Bearer ${token}` };
  return [
    {
      id: "cursor",
      label: "Cursor",
      file: ".cursor/mcp.json",
      text: JSON.stringify({ mcpServers: { keyway: { url: mcpUrl, headers } } }, null, 2),
    },
    {
      id: "vscode",
      label: "VS Code",
      file: ".vscode/mcp.json",
      text: JSON.stringify({ servers: { keyway: { type: "http", url: mcpUrl, headers } } }, null, 2),
    },
    {
      id: "claude-code",
      label: "Claude Code",
      file: "terminal",
      text: `claude mcp add --transport http keyway ${mcpUrl} --header "Authorization: Bearer ${token}"`,
    },
  ];
}

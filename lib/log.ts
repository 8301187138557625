import { config } from "./config";

// Structured one-line logs. Debug lines (APP_DEBUG=true or LOG_LEVEL=debug) describe auth
// decisions by token id and reason; callers never pass tokens, hashes or passwords.
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

function enabled(level: Level): boolean {
  const { debug, logLevel } = config();
  return LEVELS[level] >= LEVELS[debug ? "debug" : logLevel];
}

export function log(
  level: Level,
  event: string,
  fields: Record<string, string | number | boolean | null | undefined> = {},
) {
  if (!enabled(level)) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

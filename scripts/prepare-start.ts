// Runs before the server starts: checks the configuration (one line and exit 1 if it is wrong),
// generates missing secrets into ./data/, and applies pending migrations.
import { ConfigError, loadConfig } from "../lib/config";
import { migrateDatabase } from "../lib/db/migrate";

try {
  const config = loadConfig();
  const applied = await migrateDatabase(config.databaseUrl);
  if (applied.length) console.log(`[keyway] applied migrations: ${applied.join(", ")}`);
  if (config.mcpAuthType === "none") {
    console.warn(
      "[keyway] WARNING: MCP_AUTH_TYPE=none — /mcp accepts requests WITHOUT authentication. Never expose this server.",
    );
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`[keyway] configuration error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

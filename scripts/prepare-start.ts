// Runs before the server starts: checks the configuration (one line and exit 1 if it is wrong),
// generates missing secrets into ./data/, applies pending migrations, and (MCP_AUTH_TYPE env or
// none) creates the service principal's rows, so no request has to.
import { ConfigError, loadConfig } from "../lib/config";
import { createClient } from "../lib/db/client";
import { migrateDatabase } from "../lib/db/migrate";
import { ensureServicePrincipal } from "../lib/tokens/service-principal";

try {
  const config = loadConfig();
  const applied = await migrateDatabase(config.databaseUrl);
  if (applied.length) console.log(`[keyway] applied migrations: ${applied.join(", ")}`);
  if (config.mcpAuthType !== "jwt") {
    const client = createClient(config.databaseUrl);
    try {
      await ensureServicePrincipal(client);
    } finally {
      await client.$disconnect();
    }
  }
  if (config.mcpAuthType === "none") {
    console.warn(
      "[keyway] WARNING: MCP_AUTH_TYPE=none — /mcp accepts requests WITHOUT authentication. Never expose this server.",
    );
  }
  // The Wasm schema engine leaves a ten-second timer behind that no API clears: without this,
  // every start (and so every test server) waited for it.
  process.exit(0);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`[keyway] configuration error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

// npm run db:migrate — applies pending migrations to DATABASE_URL (default: the embedded database).
import { loadConfig } from "../lib/config";
import { migrateDatabase } from "../lib/db/migrate";

const { databaseUrl } = loadConfig();
const applied = await migrateDatabase(databaseUrl);
console.log(applied.length ? `Applied ${applied.join(", ")}` : "The database is up to date.");
// The Wasm schema engine leaves a ten-second timer behind that no API clears (see prepare-start.ts).
process.exit(0);

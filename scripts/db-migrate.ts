/** `npm run db:migrate`: applies pending migrations to the configured database. */
import { runMigrations } from "@/db/migrate";
import { openDatabase } from "@/db/open-database";
import { getEnv } from "@/lib/env";
import { runScript } from "@/scripts/run-script";

await runScript(async () => {
  const database = await openDatabase(getEnv());
  try {
    await runMigrations(database.connection.pool);
    return `Migrations applied (${database.connection.engine}).`;
  } finally {
    await database.close();
  }
});

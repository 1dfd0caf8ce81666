/** `npm run db:migrate`: applies pending migrations (and seeds an empty catalog) on the configured database. */
import { getEnv } from "@/lib/env";
import { openPreparedDatabase } from "@/services/setup";
import { runScript } from "@/scripts/run-script";

await runScript(async () => {
  const database = await openPreparedDatabase(getEnv());
  await database.close();
  return `Migrations applied (${database.connection.engine}).`;
});

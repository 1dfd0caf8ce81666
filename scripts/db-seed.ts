/** `npm run db:seed`: applies the catalog file (CATALOG_FILE) by slug; safe to run again. */
import { getEnv } from "@/lib/env";
import { seedCatalog } from "@/services/catalog";
import { openPreparedDatabase } from "@/services/setup";
import { runScript } from "@/scripts/run-script";

await runScript(async () => {
  const env = getEnv();
  const database = await openPreparedDatabase(env);
  try {
    const count = await seedCatalog(database.connection.db, env.CATALOG_FILE);
    return `Catalog applied: ${count} products from ${env.CATALOG_FILE} (${database.connection.engine}).`;
  } finally {
    await database.close();
  }
});

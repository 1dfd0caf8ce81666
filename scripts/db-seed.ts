/** `npm run db:seed`: applies the catalog file (CATALOG_FILE) by slug; safe to run again. */
import { runMigrations } from "@/db/migrate";
import { openDatabase } from "@/db/open-database";
import { getEnv } from "@/lib/env";
import { seedCatalog } from "@/services/catalog";
import { runScript } from "@/scripts/run-script";

await runScript(async () => {
  const env = getEnv();
  const database = await openDatabase(env);
  try {
    await runMigrations(database.connection.pool);
    const count = await seedCatalog(database.connection.db, env.CATALOG_FILE);
    return `Catalog applied: ${count} products from ${env.CATALOG_FILE} (${database.connection.engine}).`;
  } finally {
    await database.close();
  }
});

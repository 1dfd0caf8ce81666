/** `npm run db:seed`: applies the catalog file (CATALOG_FILE) by slug; safe to run again. */
import { EnvError, getEnv } from "@/lib/env";
import { seedCatalog } from "@/services/catalog";
import { openPreparedDatabase } from "@/services/setup";
import { runScript } from "@/scripts/run-script";

await runScript(async () => {
  const env = getEnv();
  const catalogFile = env.CATALOG_FILE;
  if (catalogFile === undefined) {
    throw new EnvError("CATALOG_FILE is required in production: the catalog to apply");
  }
  const database = await openPreparedDatabase(env);
  try {
    const count = await seedCatalog(database.connection.db, catalogFile);
    return `Catalog applied: ${count} products from ${catalogFile} (${database.connection.engine}).`;
  } finally {
    await database.close();
  }
});

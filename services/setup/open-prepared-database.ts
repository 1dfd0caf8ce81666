import { openDatabase, type OpenDatabaseOptions, type OpenedDatabase } from "@/db/open-database";
import type { Env } from "@/lib/env";
import { prepareDatabase } from "@/services/setup/prepare-database";

/**
 * Opens the process's database (see `openDatabase`) and brings it up to date: migrations, then the
 * demo catalog if the catalog is empty. What every entry point (app launcher, `cc`, scripts) does
 * before its first query.
 */
export async function openPreparedDatabase(
  env: Env,
  options: OpenDatabaseOptions = {},
): Promise<OpenedDatabase & { seededProducts: number }> {
  const database = await openDatabase(env, options);
  try {
    const { seededProducts } = await prepareDatabase(database.connection, env.CATALOG_FILE, env.REPORTING_TIMEZONE);
    return { ...database, seededProducts };
  } catch (error) {
    await database.close();
    throw error;
  }
}

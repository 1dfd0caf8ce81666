import type { DatabaseConnection } from "@/db/client";
import { getEnv } from "@/lib/env";
import { openDatabase, openPreparedDatabase } from "@/services/setup";

/**
 * Runs a command against the database: the running app's embedded one, or one this command serves
 * for its own duration when the app is stopped, or PostgreSQL at DATABASE_URL.
 */
export async function withDatabase<T>(
  task: (connection: DatabaseConnection) => Promise<T>,
  options: { prepare?: boolean } = {},
): Promise<T> {
  // `cc status` must report a database it cannot reach, so it skips migrating and seeding.
  const database = options.prepare === false ? await openDatabase(getEnv()) : await openPreparedDatabase(getEnv());
  try {
    return await task(database.connection);
  } finally {
    await database.close();
  }
}

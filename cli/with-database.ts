import type { DatabaseConnection } from "@/db/client";
import { getEnv } from "@/lib/env";
import { openPreparedDatabase } from "@/services/setup";

/**
 * Runs a command against the database: the running app's embedded one, or one this command serves
 * for its own duration when the app is stopped, or PostgreSQL at DATABASE_URL.
 */
export async function withDatabase<T>(task: (connection: DatabaseConnection) => Promise<T>): Promise<T> {
  const database = await openPreparedDatabase(getEnv());
  try {
    return await task(database.connection);
  } finally {
    await database.close();
  }
}

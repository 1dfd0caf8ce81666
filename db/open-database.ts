import { connectDatabase, type DatabaseConnection } from "@/db/client";
import { DataDirInUseError } from "@/db/embedded/claim-data-dir";
import { embeddedConnectionUrl } from "@/db/embedded/embedded-paths";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/db/embedded/start-embedded-database";
import type { Env } from "@/lib/env";

export interface OpenedDatabase {
  connection: DatabaseConnection;
  /** Set when this process opened the embedded database itself and so must serve and stop it. */
  embedded?: EmbeddedDatabase;
  close(): Promise<void>;
}

/**
 * Connects a process to its database: PostgreSQL at DATABASE_URL; otherwise the embedded database,
 * served by this process if no other one serves it yet (the app, a command run while the app is
 * stopped), or reached over the running server's socket. PGlite's files are only ever opened by
 * the one process holding the data directory's claim.
 */
export async function openDatabase(env: Env): Promise<OpenedDatabase> {
  if (env.DATABASE_URL) {
    const connection = connectDatabase(env.DATABASE_URL, "postgresql", env.DATABASE_POOL_SIZE);
    return { connection, close: () => connection.close() };
  }
  let embedded: EmbeddedDatabase | undefined;
  try {
    embedded = await startEmbeddedDatabase({ dataDir: env.DATA_DIR });
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
  }
  const connection = connectDatabase(embeddedConnectionUrl(env.DATA_DIR), "pglite", env.DATABASE_POOL_SIZE);
  return {
    connection,
    embedded,
    async close() {
      await connection.close();
      await embedded?.stop();
    },
  };
}

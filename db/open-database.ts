import fs from "node:fs";
import { connectDatabase, embeddedPoolSize, type DatabaseConnection } from "@/db/client";
import { DataDirInUseError } from "@/db/embedded/claim-data-dir";
import { embeddedConnectionUrl, embeddedPaths } from "@/db/embedded/embedded-paths";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/db/embedded/start-embedded-database";
import type { Env } from "@/lib/env";

export interface OpenDatabaseOptions {
  /**
   * The app must serve the embedded database itself: it outlives any command that may hold the data
   * directory for a moment, so it waits up to this long for the directory to be free, then fails.
   * Commands leave it unset and use a running server when there is one.
   */
  serveWithinMs?: number;
}

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
export async function openDatabase(env: Env, options: OpenDatabaseOptions = {}): Promise<OpenedDatabase> {
  if (env.DATABASE_URL) {
    const connection = connectDatabase(env.DATABASE_URL, "postgresql", env.DATABASE_POOL_SIZE);
    return { connection, close: () => connection.close() };
  }
  const embedded = await serveEmbedded(env.DATA_DIR, options.serveWithinMs);
  if (!embedded) await waitForSocket(embeddedPaths(env.DATA_DIR).socketPath, SOCKET_WAIT_MS);
  const connection = connectDatabase(
    embeddedConnectionUrl(env.DATA_DIR),
    "pglite",
    embeddedPoolSize(env.DATABASE_POOL_SIZE),
  );
  return {
    connection,
    embedded,
    async close() {
      await connection.close();
      await embedded?.stop();
    },
  };
}

/** Serves the data directory when it is free; undefined when another live process serves it. */
async function serveEmbedded(dataDir: string, serveWithinMs?: number): Promise<EmbeddedDatabase | undefined> {
  const deadline = Date.now() + (serveWithinMs ?? 0);
  for (;;) {
    try {
      return await startEmbeddedDatabase({ dataDir });
    } catch (error) {
      if (!(error instanceof DataDirInUseError)) throw error;
      if (serveWithinMs === undefined) return undefined;
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

// A host that has just claimed the directory is still opening and migrating PGlite; its socket
// appears when it is ready to serve.
const SOCKET_WAIT_MS = 30_000;

async function waitForSocket(socketPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(socketPath)) {
    if (Date.now() >= deadline) {
      throw new DataDirInUseError(
        "The embedded database is being opened by another process but did not start serving; try again.",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

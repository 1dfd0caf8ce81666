import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { claimDataDir } from "@/db/embedded/claim-data-dir";
import { embeddedConnectionUrl, embeddedPaths } from "@/db/embedded/embedded-paths";
import { keepProtocolSequencesWhole } from "@/db/embedded/keep-protocol-sequences-whole";
import { MIGRATIONS_FOLDER } from "@/db/migrate";

export const EMBEDDED_MAX_CONNECTIONS = 100;

export interface EmbeddedDatabase {
  /** node-postgres connection URL of the served database. */
  url: string;
  /** Stops serving, closes PGlite cleanly and gives up the claim. */
  stop(): Promise<void>;
}

export interface StartEmbeddedDatabaseOptions {
  dataDir: string;
  /** Concurrent client connections; a transaction on one holds the others until it ends. */
  maxConnections?: number;
}

/**
 * Opens PGlite on `<dataDir>/pglite`, applies pending migrations, and serves it over the PostgreSQL
 * protocol on a Unix socket,
 * so every process (app, worker, `cc`) talks to it with node-postgres and only this one ever opens
 * the files. Throws DataDirInUseError when another live process already serves the directory.
 */
export async function startEmbeddedDatabase(options: StartEmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const paths = embeddedPaths(options.dataDir);
  const releaseClaim = await claimDataDir(paths.socketDir, paths.claimPath);
  let pglite: PGlite | undefined;
  try {
    fs.mkdirSync(paths.pgdata, { recursive: true });
    pglite = await PGlite.create(paths.pgdata);
    // Migrate before serving: every socket connection shares PGlite's one session, so advisory
    // locks cannot keep two migrating clients apart; done here, no client ever sees an old schema.
    await migrate(drizzle(pglite), { migrationsFolder: MIGRATIONS_FOLDER });
    // Safe to clear: a socket left by a dead server, and the claim proves nobody else serves.
    fs.rmSync(paths.socketPath, { force: true });
    const server = new PGLiteSocketServer({
      db: pglite,
      path: paths.socketPath,
      // Each process keeps a small pool (see connectDatabase); this leaves room for many processes.
      maxConnections: options.maxConnections ?? EMBEDDED_MAX_CONNECTIONS,
    });
    keepProtocolSequencesWhole(server);
    await server.start();
    const db = pglite;
    return {
      url: embeddedConnectionUrl(options.dataDir),
      async stop() {
        await server.stop();
        await db.close();
        fs.rmSync(paths.socketPath, { force: true });
        await releaseClaim();
      },
    };
  } catch (error) {
    await pglite?.close().catch(() => undefined);
    await releaseClaim();
    throw error;
  }
}

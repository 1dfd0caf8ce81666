import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { closeDatabase, connectDatabase, type DatabaseConnection, type DatabaseEngine } from "@/db/client";
import { startEmbeddedDatabase } from "@/db/embedded";
import { runMigrations } from "@/db/migrate";
import { createScratchDatabase } from "@/db/scratch-database";
import { setProcessEnv } from "@/lib/env";
import { resetSecrets } from "@/lib/secrets";
import { copyPgliteTemplate } from "@/tests/support/pglite-template";
import { postgresUrl } from "@/tests/support/services";

export interface TestDatabase {
  connection: DatabaseConnection;
  url: string;
  engine: DatabaseEngine;
  /** Variables that point this process's `getDb()` at the database. */
  env: Record<string, string | undefined>;
  drop(): Promise<void>;
}

export function tempDir(prefix = "agy-"): string {
  // Short, so Unix socket paths inside stay under the kernel's limit.
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A temporary DATA_DIR whose PGlite data directory is already initialised (see pglite-template). */
export function tempDataDir(): string {
  const dataDir = tempDir();
  copyPgliteTemplate(dataDir);
  return dataDir;
}

/** A fresh, migrated PostgreSQL database beside the one at `baseUrl`, dropped afterwards. */
export async function createPostgresDatabase(baseUrl: string, migrate = true): Promise<TestDatabase> {
  const scratch = await createScratchDatabase(baseUrl, "agencyos_test");
  const connection = connectDatabase(scratch.url, "postgresql", 5);
  if (migrate) await runMigrations(connection.pool);
  return {
    connection,
    url: scratch.url,
    engine: "postgresql",
    // Its own DATA_DIR too, so development secrets never land in the project's .data/.
    env: { DATABASE_URL: scratch.url, DATA_DIR: tempDir() },
    async drop() {
      await connection.close();
      await scratch.drop();
    },
  };
}

/** An embedded PGlite served from a temporary DATA_DIR, exactly as the app serves it. */
export async function createEmbeddedDatabase(migrate = true): Promise<TestDatabase> {
  const dataDir = tempDataDir();
  const embedded = await startEmbeddedDatabase({ dataDir });
  const connection = connectDatabase(embedded.url, "pglite", 5);
  if (migrate) await runMigrations(connection.pool);
  return {
    connection,
    url: embedded.url,
    engine: "pglite",
    env: { DATABASE_URL: undefined, DATA_DIR: dataDir },
    async drop() {
      await connection.close();
      await embedded.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** PostgreSQL when DATABASE_URL is set (CI), else the embedded PGlite. */
export function createTestDatabase(migrate = true): Promise<TestDatabase> {
  return postgresUrl ? createPostgresDatabase(postgresUrl, migrate) : createEmbeddedDatabase(migrate);
}

/**
 * Gives the test file its own migrated database for all its tests, and points this process's
 * configuration at it, so code that uses `getDb()` reaches it too.
 */
export function setupTestDatabase(): { readonly current: TestDatabase } {
  const holder: { current?: TestDatabase } = {};
  const saved = { DATABASE_URL: process.env.DATABASE_URL, DATA_DIR: process.env.DATA_DIR };
  beforeAll(async () => {
    holder.current = await createTestDatabase();
    setProcessEnv(holder.current.env);
    resetSecrets();
  });
  afterAll(async () => {
    await closeDatabase();
    await holder.current?.drop();
    setProcessEnv(saved);
    resetSecrets();
  });
  return {
    get current() {
      if (!holder.current) throw new Error("The test database exists only inside tests");
      return holder.current;
    },
  };
}

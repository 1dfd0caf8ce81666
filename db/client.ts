import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { embeddedConnectionUrl } from "@/db/embedded/embedded-paths";
import * as schema from "@/db/schema";
import { getEnv } from "@/lib/env";

/** `$client` is the pool the handle runs on, for the rare hot path that queries node-postgres directly. */
export type Database = NodePgDatabase<typeof schema> & { $client: pg.Pool };
/** A transaction handle; inside a transaction every query must use it, never the pool. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Database | Transaction;

export type DatabaseEngine = "postgresql" | "pglite";

export interface DatabaseConnection {
  db: Database;
  pool: pg.Pool;
  engine: DatabaseEngine;
  close(): Promise<void>;
}

// node-postgres returns bigint (int8) as strings by default; money columns use drizzle's number
// mode, which converts them, and amounts are bounded to safe integers where they enter.

// Pools whose connections all share one server session: the embedded PGlite serves every
// connection from its single session.
const sharedSessionPools = new WeakSet<pg.Pool>();

/**
 * The node-postgres query for a hot statement: named on PostgreSQL, so each connection parses and
 * plans it once; unnamed on the embedded engine, where a name one connection prepared would
 * already exist for the next.
 */
export function preparedQuery(pool: pg.Pool, name: string, text: string): { name?: string; text: string } {
  return sharedSessionPools.has(pool) ? { text } : { name, text };
}

/** Opens a pool to a PostgreSQL URL (a real server, or the embedded one's socket). */
export function connectDatabase(url: string, engine: DatabaseEngine, poolSize = 10): DatabaseConnection {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5_000 });
  if (engine === "pglite") sharedSessionPools.add(pool);
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on("error", () => undefined);
  const db = drizzle(pool, { schema });
  return { db, pool, engine, close: () => pool.end() };
}

// PGlite runs one query at a time, so a few connections per process are all it can use; more would
// only crowd the embedded server's connection slots.
const EMBEDDED_POOL_SIZE = 4;

export function embeddedPoolSize(configured: number): number {
  return Math.min(configured, EMBEDDED_POOL_SIZE);
}

let shared: DatabaseConnection | undefined;

/**
 * The process's database: PostgreSQL at DATABASE_URL, or else the embedded PGlite served by the
 * app process from DATA_DIR.
 */
export function getDatabaseConnection(): DatabaseConnection {
  if (!shared) {
    const env = getEnv();
    shared = env.DATABASE_URL
      ? connectDatabase(env.DATABASE_URL, "postgresql", env.DATABASE_POOL_SIZE)
      : connectDatabase(embeddedConnectionUrl(env.DATA_DIR), "pglite", embeddedPoolSize(env.DATABASE_POOL_SIZE));
  }
  return shared;
}

export function getDb(): Database {
  return getDatabaseConnection().db;
}

/** Closes the process's pool (shutdown, tests); the next `getDb()` opens a new one. */
export async function closeDatabase(): Promise<void> {
  const current = shared;
  shared = undefined;
  await current?.close();
}

import { sql } from "drizzle-orm";
import { getDatabaseConnection, type DatabaseConnection, type DatabaseEngine } from "@/db/client";
import { getEnv, type Env } from "@/lib/env";
import { getQueueMode, type QueueMode } from "@/lib/queue";
import { isRedisReachable } from "@/lib/redis";

export interface Health {
  status: "ok" | "degraded";
  database: { engine: DatabaseEngine; reachable: boolean; latencyMs?: number; problem?: string };
  queue: { mode: QueueMode; reachable: boolean };
  providers: Record<"stripe" | "paypal" | "gumroad" | "simulated", { configured: boolean; environment?: string }>;
}

async function checkDatabase(connection: DatabaseConnection): Promise<Health["database"]> {
  const started = performance.now();
  try {
    await connection.db.execute(sql`select 1`);
    return { engine: connection.engine, reachable: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { engine: connection.engine, reachable: false, problem: describeDatabaseProblem(connection.engine, error) };
  }
}

/** The system error code (ECONNREFUSED …) of an error or of the errors it wraps. */
function errorCode(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as NodeJS.ErrnoException).code;
    if (code) return code;
  }
  return undefined;
}

/** Says what to do, without echoing connection strings or credentials. */
function describeDatabaseProblem(engine: DatabaseEngine, error: unknown): string {
  const code = errorCode(error);
  if (engine === "pglite" && (code === "ENOENT" || code === "ECONNREFUSED")) {
    return "The embedded database is not running: start the app with `npm start`.";
  }
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT") {
    return "PostgreSQL at DATABASE_URL does not answer.";
  }
  return "The database refused the health query.";
}

function describeProviders(env: Env): Health["providers"] {
  return {
    stripe: env.STRIPE_SECRET_KEY
      ? { configured: true, environment: env.STRIPE_SECRET_KEY.includes("_live_") ? "live" : "test" }
      : { configured: false },
    paypal: env.PAYPAL_CLIENT_ID ? { configured: true, environment: env.PAYPAL_ENVIRONMENT } : { configured: false },
    gumroad: { configured: env.GUMROAD_SELLER_ID !== undefined },
    simulated: env.SIMULATED_PROVIDER ? { configured: true, environment: "test" } : { configured: false },
  };
}

/**
 * What `cc status` and the owner's `/api/health` report: engines, reachability, configured
 * providers; never secrets. Anyone else is told only `publicHealth` of it.
 */
export async function getHealth(connection: DatabaseConnection = getDatabaseConnection()): Promise<Health> {
  const env = getEnv();
  const mode = getQueueMode();
  // Over the connections the app already holds: a health check every few seconds opens nothing.
  const [database, redisReachable] = await Promise.all([checkDatabase(connection), isRedisReachable()]);
  const queue = { mode, reachable: mode === "in-process" || redisReachable === true };
  const status = database.reachable && queue.reachable ? "ok" : "degraded";
  return { status, database, queue, providers: describeProviders(env) };
}

export type PublicHealth = Pick<Health, "status"> & {
  database: Pick<Health["database"], "reachable">;
  queue: Pick<Health["queue"], "reachable">;
};

/** What an anonymous caller may know: up or not, and which part is down; not how it is set up. */
export function publicHealth(health: Health): PublicHealth {
  return {
    status: health.status,
    database: { reachable: health.database.reachable },
    queue: { reachable: health.queue.reachable },
  };
}

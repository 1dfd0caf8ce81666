import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { rebuildRevenueRollups } from "@/services/revenue/rebuild-revenue-rollups";

/** The timezone the rollups' days are in now, or null when none is recorded (then they are rebuilt). */
async function findRevenueTimezone(db: Database): Promise<string | null> {
  const { rows } = await db.execute<{ timezone: string }>(sql`select timezone from revenue_settings limit 1`);
  return rows[0]?.timezone ?? null;
}

/**
 * At start: rollups whose days are in another timezone than the configured one are rebuilt, so
 * "today" means one thing everywhere. Answers whether it rebuilt.
 */
export async function ensureRevenueTimezone(db: Database, timezone: string): Promise<boolean> {
  if ((await findRevenueTimezone(db)) === timezone) return false;
  await rebuildRevenueRollups(db, timezone);
  return true;
}

import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { rebuildRevenueRollups } from "@/services/revenue/rebuild-revenue-rollups";

/** The timezone the rollups' days are in now (UTC before any rebuild). */
async function findRevenueTimezone(db: Database): Promise<string> {
  const { rows } = await db.execute<{ timezone: string }>(sql`select revenue_timezone() as timezone`);
  return rows[0]?.timezone ?? "UTC";
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

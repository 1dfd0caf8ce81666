import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";

/** One folder at a time (and never beside a rebuild): the key both take. */
export const REVENUE_ROLLUP_LOCK = 0x52_45_56; // "REV"

/**
 * Moves the deltas the ledger's triggers appended into the daily rollups, in one transaction: the
 * deltas it sees are deleted and added to their rows. Deltas written meanwhile by transactions not
 * yet committed are not seen, so they wait for the next fold; none is counted twice or lost.
 * Answers how many deltas were folded.
 */
export async function foldRevenueDeltas(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${REVENUE_ROLLUP_LOCK})`);
    const { rows } = await tx.execute<{ folded: number }>(sql`
      with folded as (
        delete from revenue_deltas
        returning day, provider, product_id, currency, environment, kind, count, amount_minor
      ), summed as (
        insert into revenue_daily (day, provider, product_id, currency, environment, kind, count, amount_minor)
        select day, provider, product_id, currency, environment, kind, sum(count), sum(amount_minor)
          from folded
         group by day, provider, product_id, currency, environment, kind
        on conflict on constraint revenue_daily_key do update
          set count = revenue_daily.count + excluded.count,
              amount_minor = revenue_daily.amount_minor + excluded.amount_minor
      )
      select count(*)::int as folded from folded`);
    return rows[0]?.folded ?? 0;
  });
}

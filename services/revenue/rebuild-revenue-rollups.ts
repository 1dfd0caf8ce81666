import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { AppError } from "@/lib/errors";
import { REVENUE_ROLLUP_LOCK } from "@/services/revenue/fold-revenue-deltas";

/**
 * Recomputes the daily rollups from the ledger, with days in `timezone`, in one transaction:
 * writers of the ledger wait for it (a share lock), readers of the rollups see the old figures
 * until it commits. The same definition of what a row counts (`revenue_kinds`) as the triggers use.
 * Answers how many rollup rows it wrote.
 */
export async function rebuildRevenueRollups(db: Database, timezone: string): Promise<number> {
  // PostgreSQL reads the day: the name must be one of its zones (it would read "+07:00" as UTC-7).
  const { rows: known } = await db.execute(sql`select 1 from pg_timezone_names where name = ${timezone}`);
  if (known.length === 0) {
    throw new AppError("validation_failed", `Unknown timezone ${timezone}`, {
      field: "REPORTING_TIMEZONE",
      userMessage: `REPORTING_TIMEZONE: ${timezone} is not a timezone PostgreSQL knows; use an IANA name such as Asia/Ho_Chi_Minh.`,
    });
  }
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${REVENUE_ROLLUP_LOCK})`);
    await tx.execute(sql`lock table transactions in share mode`);
    await tx.execute(sql`delete from revenue_deltas`);
    await tx.execute(sql`delete from revenue_daily`);
    await tx.execute(sql`
      insert into revenue_settings (timezone) values (${timezone})
      on conflict (singleton) do update set timezone = excluded.timezone`);
    const { rows } = await tx.execute<{ written: number }>(sql`
      with written as (
        insert into revenue_daily (day, provider, product_id, currency, environment, kind, count, amount_minor)
        select (t.occurred_at at time zone ${timezone})::date, t.provider, o.product_id, t.currency, t.environment,
               k.kind, count(*), sum(t.amount_minor)
          from transactions t
         cross join lateral revenue_kinds(t.kind, t.status) as k(kind)
          left join checkout_orders o on o.id = t.checkout_order_id
         group by 1, 2, 3, 4, 5, 6
        returning 1
      )
      select count(*)::int as written from written`);
    return rows[0]?.written ?? 0;
  });
}

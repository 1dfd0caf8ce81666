import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { Environment, Provider, RevenueKind } from "@/db/schema";

export interface RevenueRollupRow {
  day: string;
  provider: Provider;
  productId: string | null;
  currency: string;
  environment: Environment;
  kind: RevenueKind;
  count: number;
  amountMinor: number;
}

/**
 * The rollups as they stand: the folded daily rows plus the deltas not folded yet, per day and
 * dimension, without the rows that sum to nothing. In `day`, then dimension order.
 */
export async function listRevenueRollups(db: Executor): Promise<RevenueRollupRow[]> {
  const { rows } = await db.execute<{
    day: string;
    provider: Provider;
    product_id: string | null;
    currency: string;
    environment: Environment;
    kind: RevenueKind;
    count: string;
    amount_minor: string;
  }>(sql`
    select day::text as day, provider, product_id, currency, environment, kind,
           sum(count)::text as count, sum(amount_minor)::text as amount_minor
      from (select day, provider, product_id, currency, environment, kind, count, amount_minor from revenue_daily
            union all
            select day, provider, product_id, currency, environment, kind, count, amount_minor from revenue_deltas) r
     group by day, provider, product_id, currency, environment, kind
    having sum(count) <> 0 or sum(amount_minor) <> 0
     order by day, provider, product_id nulls first, currency, environment, kind`);
  return rows.map((row) => ({
    day: row.day,
    provider: row.provider,
    productId: row.product_id,
    currency: row.currency,
    environment: row.environment,
    kind: row.kind,
    count: Number(row.count),
    amountMinor: Number(row.amount_minor),
  }));
}

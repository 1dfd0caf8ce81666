import type { Pool } from "pg";
import { log } from "@/bench/support/bench-app";

export interface BenchFigures {
  /** Work accepted and never done: acknowledged events not stored, stored ones not processed, orders not provisioned. */
  lost: number;
  /** Work done twice: a second license, payment or tenant for one thing, an event applied twice. */
  duplicated: number;
  [figure: string]: number | string | boolean;
}

/**
 * Ends a run: the figures as the last line (one JSON object), then a failure if anything was lost
 * or done twice, whatever the speed: a benchmark that stops doing the work must not pass.
 */
export function finishBenchmark(figures: BenchFigures): void {
  log(JSON.stringify(figures));
  if (figures.lost > 0 || figures.duplicated > 0) {
    throw new Error(`the end-of-run check failed: ${figures.lost} lost, ${figures.duplicated} duplicated`);
  }
}

/** Deletes up to `count` stored events not yet processed, as a store that lost them would (`--drop-events`). */
export async function dropStoredEvents(pool: Pool, count: number): Promise<number> {
  if (count === 0) return 0;
  const { rowCount } = await pool.query(
    `delete from webhook_events where id in
       (select id from webhook_events where status = 'received' order by received_at limit $1)`,
    [count],
  );
  log(`dropped ${rowCount} stored events (--drop-events): this run must fail its check`);
  return rowCount ?? 0;
}

/**
 * `npm run bench:provisioning`: signed simulated-provider checkout events through `next start` and
 * `npm run worker` on real PostgreSQL and Redis, each provisioned into a tenant, a transaction, a
 * subscription where bought, and a license.
 * Phase 1, worker running: events at a fixed, evenly spaced arrival rate (--rate, default
 * 300/s, for --seconds, default 60), some delivered twice, some re-sent under a new id, some
 * renewals before their checkout. Payment-to-license latency runs from when the checkout event
 * was due to when the transaction that issued its license finished (`processed_at`).
 * Phase 2: with the worker stopped, a backlog (--backlog, default 20,000) is stored; then the
 * worker starts and drains it. Baseline, in the same run: 2,000 applied one event per transaction
 * (PROVISIONING_BATCH_SIZE=1). Last, the database is checked for lost and duplicated work, which
 * fails the run. The events are the simulated provider's own (`simulatedCheckoutEvent`, what its
 * checkout page sends). `--smoke`: a few seconds at a low rate, small backlogs, the same checks.
 * Last line: one JSON object.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Pool } from "pg";
import { z } from "zod";
import { connectDatabase } from "@/db/client";
import { createScratchDatabase } from "@/db/scratch-database";
import { SIMULATED_SIGNATURE_HEADER, signSimulatedWebhook } from "@/gateways/simulated/simulated-signature";
import { getEnv } from "@/lib/env";
import { describeMachine, log, startBenchApp } from "@/bench/support/bench-app";
import { readBenchArgs } from "@/bench/support/bench-args";
import { dropStoredEvents, finishBenchmark } from "@/bench/support/bench-verdict";
import { startBenchWorker, waitUntilSettled } from "@/bench/support/bench-worker";
import { planCheckoutEvents, type BenchProduct, type CheckoutPlan } from "@/bench/support/checkout-plan";
import { checkProvisioning } from "@/bench/support/check-provisioning";
import { runOpenLoop } from "@/bench/support/open-loop";

const PORT = 3330;
// `npm run bench:provisioning -- --rate 300 --seconds 60 --backlog 20000` (the defaults);
// `--smoke`: 50 a second for 3 s, backlogs of 300 (unless given).
const args = readBenchArgs({
  rate: z.coerce.number().int().min(1).max(5_000).optional(),
  seconds: z.coerce.number().int().min(1).max(3_600).optional(),
  backlog: z.coerce.number().int().min(100).max(1_000_000).optional(),
});
const SMOKE = args.smoke;
const RATE = args.rate ?? (SMOKE ? 50 : 300);
const SECONDS = args.seconds ?? (SMOKE ? 3 : 60);
const BACKLOG = args.backlog ?? (SMOKE ? 300 : 20_000);
const WARM_UP = SMOKE ? 100 : 600;
const BASELINE_BACKLOG = Math.min(2_000, BACKLOG);
// Stored as fast as the intake comfortably takes them: the drain, not the intake, is measured.
const BACKLOG_RATE = 1_000;

async function main(): Promise<void> {
  const env = getEnv();
  const workerConcurrency = env.WORKER_CONCURRENCY;
  if (!env.DATABASE_URL || !env.REDIS_URL) throw new Error("bench:provisioning needs DATABASE_URL and REDIS_URL");
  const secret = randomBytes(24).toString("hex");
  const database = await createScratchDatabase(env.DATABASE_URL, "agencyos_bench");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agy-bench-"));
  const appEnv = {
    DATABASE_URL: database.url,
    REDIS_URL: env.REDIS_URL,
    QUEUE_PREFIX: `bench-${randomBytes(4).toString("hex")}`,
    DATA_DIR: dataDir,
    SIMULATED_PROVIDER: "true",
    SIMULATED_WEBHOOK_SECRET: secret,
  };
  const app = await startBenchApp(PORT, appEnv);
  const connection = connectDatabase(database.url, "postgresql", 2);
  const pool = connection.pool;
  const worker = await startBenchWorker(appEnv, workerConcurrency);
  try {
    log(describeMachine());
    if (SMOKE) log("smoke run: a few seconds at a low rate; the figures mean nothing, the checks everything");
    log(`worker: ${workerConcurrency} jobs at once; PostgreSQL and Redis on this machine`);
    const products = await createProducts(pool);
    /** Stores a plan's events with no worker running, then times a worker draining them. */
    const drainBacklog = async (plan: CheckoutPlan, workerEnv: Record<string, string>, drop = 0) => {
      await send(plan, BACKLOG_RATE, () => undefined);
      await dropStoredEvents(pool, drop);
      const events = await countWaiting(pool);
      const drainer = await startBenchWorker(workerEnv, workerConcurrency);
      try {
        await waitUntilSettled(pool);
        const seconds = (performance.now() - drainer.startedAt) / 1000;
        return { events, seconds, eps: events / seconds };
      } finally {
        await drainer.stop();
      }
    };
    const signed = (body: string) => ({
      body,
      headers: { "content-type": "application/json", [SIMULATED_SIGNATURE_HEADER]: signSimulatedWebhook(body, secret) },
    });
    const send = async (plan: CheckoutPlan, rate: number, onDue: (orderId: string, dueAt: number) => void) => {
      let next = 0;
      const failed: string[] = [];
      const result = await runOpenLoop({
        url: `${app.base}/api/webhooks/simulated`,
        rate,
        seconds: plan.events.length / rate,
        nextRequest(dueAt) {
          const { body, orderId } = plan.events[next++]!;
          if (orderId) onDue(orderId, dueAt);
          return signed(body);
        },
        onFailure: (request) => failed.push(request.body),
      });
      // As a provider does, every delivery that failed is sent again until it is accepted.
      for (const body of failed) await redeliver(`${app.base}/api/webhooks/simulated`, () => signed(body));
      return { ...result, redelivered: failed.length };
    };

    // Warm-up: compiles the routes and fills the pools; not counted.
    const warmUp = planCheckoutEvents(await createOrders(pool, products, WARM_UP), WARM_UP);
    await send(warmUp, RATE, () => undefined);
    await waitUntilSettled(pool);

    const steady = planCheckoutEvents(await createOrders(pool, products, RATE * SECONDS), RATE * SECONDS);
    const dueAt = new Map<string, number>();
    const sent = await send(steady, RATE, (orderId, at) => dueAt.set(orderId, at));
    await waitUntilSettled(pool);
    const latency = await paymentToLicense(pool, dueAt);
    log(
      `phase 1, ${steady.events.length} events at ${RATE}/s (${sent.rps.toFixed(0)}/s sent, ack p99 ${sent.p99} ms, ` +
        `${sent.redelivered} redelivered after a failed delivery): ` +
        `payment to license p50 ${latency.p50} ms, p95 ${latency.p95} ms, p99 ${latency.p99} ms, max ${latency.max} ms ` +
        `(targets p95 ≤ 250 ms, p99 ≤ 1000 ms)`,
    );

    await worker.stop();
    // Baseline, same machine, same run: a smaller backlog applied one event per transaction.
    const baselinePlan = planCheckoutEvents(await createOrders(pool, products, BASELINE_BACKLOG), BASELINE_BACKLOG);
    const baseline = await drainBacklog(baselinePlan, { ...appEnv, PROVISIONING_BATCH_SIZE: "1" });
    log(
      `phase 2, baseline drain one event per transaction: ${baseline.events} events, ${baseline.eps.toFixed(0)} events/s`,
    );
    const backlog = planCheckoutEvents(await createOrders(pool, products, BACKLOG), BACKLOG);
    const drained = await drainBacklog(backlog, appEnv, args["drop-events"]);
    log(
      `phase 2, drain: ${drained.events} stored events in ${drained.seconds.toFixed(1)} s = ${drained.eps.toFixed(0)} events/s ` +
        `(target ≥ 1000), ${(drained.eps / baseline.eps).toFixed(1)}× the baseline`,
    );
    const drainEps = drained.eps;

    const check = await checkProvisioning(pool, [warmUp, steady, baselinePlan, backlog]);
    log(`check: ${check.summary}`);
    finishBenchmark({
      smoke: SMOKE,
      drain_eps: Math.round(drainEps),
      baseline_drain_eps: Math.round(baseline.eps),
      p50_ms: latency.p50,
      p95_ms: latency.p95,
      p99_ms: latency.p99,
      lost: check.lost,
      duplicated: check.duplicated,
    });
  } finally {
    await worker.stop();
    await connection.close();
    await app.stop();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** A one-time product and a monthly subscription, as the owner's catalog would have them. */
async function createProducts(pool: Pool): Promise<BenchProduct[]> {
  const { rows } = await pool.query<BenchProduct>(
    `insert into products (slug, name, kind, price_minor, currency, billing_interval)
     values ('bench-kit', 'Bench kit', 'one_time', 4900, 'USD', null),
            ('bench-care', 'Bench care', 'subscription', 1900, 'USD', 'month')
     returning id, price_minor::int as "priceMinor", currency, kind`,
  );
  return rows;
}

/**
 * Pending checkout orders, as the checkout page leaves them: one in ten for the subscription, and
 * one buyer in twenty returning under an earlier buyer's email.
 */
async function createOrders(pool: Pool, products: BenchProduct[], count: number) {
  const [oneTime, subscription] = products as [BenchProduct, BenchProduct];
  const tag = randomBytes(3).toString("hex");
  const { rows } = await pool.query<{ id: string; email: string; subscription: boolean }>(
    `insert into checkout_orders (product_id, email, provider, environment, amount_minor, currency)
     select case when g % 10 = 0 then $1::uuid else $2::uuid end,
            'buyer-' || $3 || '-' || case when g % 20 = 0 then g - 7 else g end || '@bench.example',
            'simulated', 'test', case when g % 10 = 0 then $4::int else $5::int end, 'USD'
       from generate_series(1, $6::int) g
     order by g
     returning id, email, product_id = $1::uuid as subscription`,
    [subscription.id, oneTime.id, tag, subscription.priceMinor, oneTime.priceMinor, count],
  );
  return rows.map((row) => ({ id: row.id, email: row.email, product: row.subscription ? subscription : oneTime }));
}

/** One delivery, repeated every 500 ms until accepted (at most 10 times). */
async function redeliver(url: string, request: () => { body: string; headers: Record<string, string> }) {
  for (let attempt = 1; ; attempt++) {
    const { body, headers } = request();
    const response = await fetch(url, { method: "POST", body, headers }).catch(() => null);
    await response?.body?.cancel();
    if (response?.ok) return;
    if (attempt === 10) throw new Error(`a delivery failed 10 times (last: ${response?.status ?? "no answer"})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function countWaiting(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ waiting: number }>(
    "select count(*)::int as waiting from webhook_events where status = 'received'",
  );
  return rows[0]!.waiting;
}

/** From each order's checkout event being due to the first of its events applied (its license issued). */
async function paymentToLicense(pool: Pool, dueAt: Map<string, number>) {
  const { rows } = await pool.query<{ order_id: string; at: number }>(
    `select substring(provider_event_id from '^sim_evt_([0-9a-f-]{36})_approved') as order_id,
            extract(epoch from min(processed_at)) * 1000 as at
       from webhook_events
      where type = 'checkout.completed' and status = 'processed'
      group by 1`,
  );
  const latencies = rows
    .filter((row) => dueAt.has(row.order_id))
    .map((row) => Number(row.at) - dueAt.get(row.order_id)!)
    .sort((a, b) => a - b);
  if (latencies.length === 0) {
    const { rows: statuses } = await pool.query(
      "select status, last_error, count(*)::int from webhook_events group by 1, 2 order by 3 desc limit 5",
    );
    throw new Error(`no order was provisioned; events: ${JSON.stringify(statuses)}`);
  }
  const at = (fraction: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * fraction))]!);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:provisioning failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

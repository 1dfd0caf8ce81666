/**
 * `npm run bench:webhooks`: Stripe-signed webhooks against `next start` on real PostgreSQL and Redis.
 * Phase 1 (worker stopped): acknowledgement latency under an open-loop load of 1,000 events a
 * second sent evenly (beside the empty route handler at the same rate), then saturation throughput beside an empty route handler (`POST /api/v1/ping`, sent the
 * same requests) in interleaved rounds. Phase 2: the worker starts and drains what was stored:
 * each event's session re-fetched from a loopback Stripe, unpaid, so recorded without provisioning
 * (`npm run bench:provisioning` measures provisioning).
 * Then the database is checked: every acknowledged event stored, every stored event processed
 * once; anything lost or done twice fails the run. Events are Stripe's, built from its fixtures
 * (tests/fixtures/stripe). `--smoke`: a few seconds of each phase, the same checks. Last line: one
 * JSON object.
 */
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type autocannon from "autocannon";
import Stripe from "stripe";
import { connectDatabase } from "@/db/client";
import { createScratchDatabase } from "@/db/scratch-database";
import { getEnv } from "@/lib/env";
import { describeMachine, log, median, runLoad, startBenchApp } from "@/bench/support/bench-app";
import { readBenchArgs } from "@/bench/support/bench-args";
import { dropStoredEvents, finishBenchmark } from "@/bench/support/bench-verdict";
import { startBenchWorker, waitUntilSettled } from "@/bench/support/bench-worker";
import { runOpenLoop, type OpenLoopRequest } from "@/bench/support/open-loop";
import { stripeCheckoutCompleted, stripeUnpaidSession } from "@/bench/support/stripe-fixture-events";
import { startFakeStripe } from "@/tests/support/fake-stripe";

const PORT = 3320;
const WEBHOOK = "/api/webhooks/stripe";
const { smoke: SMOKE, "drop-events": DROP_EVENTS } = readBenchArgs({});
const ACK_RATE = SMOKE ? 100 : 1_000;
const ACK_SECONDS = SMOKE ? 2 : 10;
const WARM_UP_SECONDS = SMOKE ? 1 : 3;
const SATURATION_CONNECTIONS = SMOKE ? 8 : 32;
const SATURATION_SECONDS = SMOKE ? 1 : 4;
const ROUNDS = SMOKE ? 1 : 4;
const WORKER_CONCURRENCY = 8;

type LoadShape = Pick<autocannon.Options, "connections" | "duration">;

async function main(): Promise<void> {
  const env = getEnv();
  if (!env.DATABASE_URL || !env.REDIS_URL) throw new Error("bench:webhooks needs DATABASE_URL and REDIS_URL");
  const webhookSecret = `whsec_${randomBytes(24).toString("hex")}`;
  const run = randomBytes(4).toString("hex");
  const database = await createScratchDatabase(env.DATABASE_URL, "agencyos_bench");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agy-bench-"));
  // Processing re-fetches each event's session from Stripe: here, a loopback Stripe.
  const stripe = await startFakeStripe();
  const appEnv = {
    STRIPE_API_BASE: stripe.url,
    DATABASE_URL: database.url,
    REDIS_URL: env.REDIS_URL,
    QUEUE_PREFIX: `bench-${run}`,
    DATA_DIR: dataDir,
    STRIPE_SECRET_KEY: "sk_test_bench",
    STRIPE_WEBHOOK_SECRET: webhookSecret,
  };
  const app = await startBenchApp(PORT, appEnv);
  const connection = connectDatabase(database.url, "postgresql", 2);
  try {
    let sequence = 0;
    // Every request is a new event with its own signature, made as Stripe makes them.
    const nextSignedEvent = (): OpenLoopRequest & { eventId: string } => {
      // A session completed but not paid (a delayed payment method): recorded, nothing provisioned.
      const session = `cs_test_bench_${++sequence}`;
      stripe.objects.set(session, stripeUnpaidSession(session, randomUUID()));
      const eventId = `evt_bench_${run}_${sequence}`;
      const body = stripeCheckoutCompleted(eventId, session, new Date());
      const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: webhookSecret });
      return { eventId, body, headers: { "content-type": "application/json", "stripe-signature": signature } };
    };
    // Every event the webhook answered 2xx, by id: each must be stored and processed, exactly.
    const acknowledged = new Set<string>();
    const load = (route: string, shape: LoadShape): autocannon.Options => ({
      url: `${app.base}${route}`,
      method: "POST",
      requests: [
        {
          // One request in flight per connection: its context holds the event it carries.
          setupRequest: (request, context: { eventId?: string }) => {
            const { eventId, ...event } = nextSignedEvent();
            context.eventId = eventId;
            return { ...request, ...event };
          },
          onResponse: (status, _body, context: { eventId?: string }) => {
            if (route === WEBHOOK && status >= 200 && status < 300) acknowledged.add(context.eventId!);
          },
        },
      ],
      ...shape,
    });
    const webhook = (shape: LoadShape) => load(WEBHOOK, shape);
    const empty = (shape: LoadShape) => load("/api/v1/ping", shape);
    const atRate = (route: string) =>
      runOpenLoop({
        url: `${app.base}${route}`,
        rate: ACK_RATE,
        seconds: ACK_SECONDS,
        nextRequest: nextSignedEvent,
        onAcknowledged: (request) => {
          if (route === WEBHOOK) acknowledged.add(request.eventId);
        },
      });

    const durability = await connection.pool.query<{ sc: string; fsync: string }>(
      "select current_setting('synchronous_commit') as sc, current_setting('fsync') as fsync",
    );
    log(describeMachine());
    if (SMOKE) log("smoke run: a few seconds of each phase; the figures mean nothing, the checks everything");
    log(`PostgreSQL synchronous_commit=${durability.rows[0]!.sc}, fsync=${durability.rows[0]!.fsync}; queue on Redis`);

    await runLoad("warm-up", webhook({ connections: 8, duration: WARM_UP_SECONDS }));
    await atRate("/api/v1/ping"); // warms the even-arrival path and its connections
    // What Next alone costs at this rate on this machine: the floor under the webhook's latency.
    const emptyAtRate = await atRate("/api/v1/ping");
    log(
      `phase 1, empty handler at ${ACK_RATE} req/s for ${ACK_SECONDS} s (even arrivals, open loop): ` +
        `${emptyAtRate.rps.toFixed(0)} req/s, p50 ${emptyAtRate.p50} ms, p99 ${emptyAtRate.p99} ms`,
    );
    const ack = await atRate(WEBHOOK);
    log(
      `phase 1, ack at ${ACK_RATE} events/s for ${ACK_SECONDS} s (even arrivals, open loop): ` +
        `${ack.rps.toFixed(0)} req/s, p50 ${ack.p50} ms, p99 ${ack.p99} ms, max ${ack.max} ms (target p99 ≤ 50 ms)`,
    );

    const emptyRuns: number[] = [];
    const webhookRuns: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const options = { connections: SATURATION_CONNECTIONS, duration: SATURATION_SECONDS };
      emptyRuns.push((await runLoad("empty", empty(options))).rps);
      const saturated = await runLoad("saturation", webhook(options));
      webhookRuns.push(saturated.rps);
      log(`round ${round}: empty ${emptyRuns.at(-1)!.toFixed(0)} req/s, webhook ${saturated.rps.toFixed(0)} req/s`);
    }
    const emptyRps = median(emptyRuns);
    const saturationRps = median(webhookRuns);
    const ratio = saturationRps / emptyRps;
    log(
      `saturation medians: empty ${emptyRps.toFixed(0)} req/s, webhook ${saturationRps.toFixed(0)} req/s, ratio ${ratio.toFixed(2)} (target ≥ 0.8)`,
    );

    await dropStoredEvents(connection.pool, DROP_EVENTS);
    const worker = await startBenchWorker(appEnv, WORKER_CONCURRENCY);
    const stored = await waitUntilSettled(connection.pool).finally(() => worker.stop());
    const drainSeconds = (performance.now() - worker.startedAt) / 1000;
    const check = await connection.pool.query<{
      stored: number;
      acknowledged_stored: number;
      distinct_ids: number;
      processed: number;
      reprocessed: number;
    }>(
      `select count(*)::int as stored,
              count(*) filter (where provider_event_id = any($1::text[]))::int as acknowledged_stored,
              count(distinct provider_event_id)::int as distinct_ids,
              count(*) filter (where status = 'processed')::int as processed,
              count(*) filter (where attempts > 1)::int as reprocessed
         from webhook_events`,
      [[...acknowledged]],
    );
    const figures = check.rows[0]!;
    // Every acknowledged event must be stored; events still in flight when a run ended may be
    // stored without their acknowledgement heard, and every stored one must be processed.
    const lost = acknowledged.size - figures.acknowledged_stored + (figures.stored - figures.processed);
    const duplicated = figures.stored - figures.distinct_ids + figures.reprocessed;
    const drainEps = stored / drainSeconds;
    log(
      `phase 2, drain with ${WORKER_CONCURRENCY} worker jobs at once: ${stored} events in ${drainSeconds.toFixed(1)} s = ${drainEps.toFixed(0)} events/s`,
    );
    log(
      `check: acknowledged ${acknowledged.size}, of them stored ${figures.acknowledged_stored}; stored ${figures.stored}, processed ${figures.processed}; lost ${lost}, duplicated ${duplicated}`,
    );
    finishBenchmark({
      smoke: SMOKE,
      ack_rps: Math.round(ack.rps),
      ack_p99_ms: ack.p99,
      empty_at_rate_p99_ms: emptyAtRate.p99,
      empty_rps: Math.round(emptyRps),
      ratio_vs_empty: Number(ratio.toFixed(3)),
      drain_eps: Math.round(drainEps),
      lost,
      duplicated,
    });
  } finally {
    await connection.close();
    await app.stop();
    await database.drop();
    await stripe.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:webhooks failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

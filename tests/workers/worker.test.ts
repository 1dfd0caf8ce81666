import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { checkoutOrders, licenses, transactions, webhookEvents } from "@/db/schema";
import { childProcessEnv } from "@/lib/env";
import { createBullmqQueue } from "@/lib/queue";
import { enqueueWebhookEvent } from "@/services/webhook/enqueue-webhook-event";
import { storeWebhookEvent } from "@/services/webhook/store-webhook-event";
import { runTsChild, startTsChild, type RunningChild } from "@/tests/support/child-process";
import { checkoutEvent, simulatedOrder } from "@/tests/support/provisioning-fixtures";
import { missing, redisUrl } from "@/tests/support/services";
import { setupTestDatabase } from "@/tests/support/test-database";
import { waitFor } from "@/tests/support/wait-for";

const WORKER = "workers/main.ts";

describe("npm run worker", () => {
  it("refuses to start without REDIS_URL, in one line", async () => {
    await expect(runTsChild(WORKER, [], childProcessEnv({ REDIS_URL: undefined }))).rejects.toThrow(
      /exited 1: npm run worker needs REDIS_URL; without it the app runs its jobs itself.\n$/,
    );
  });
});

describe.skipIf(missing("postgres") || missing("redis"))("a worker killed in the middle of a job", () => {
  const database = setupTestDatabase();
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const children: RunningChild[] = [];
  afterAll(async () => {
    for (const child of children) {
      child.process.kill("SIGTERM");
      await child.exit;
    }
  });

  const startWorker = () => {
    const child = startTsChild(
      WORKER,
      [],
      childProcessEnv({
        ...database.current.env,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        JOB_LOCK_MS: "1000",
        LOG_LEVEL: "info",
      }),
    );
    children.push(child);
    return child;
  };

  it("rolls back a purchase caught half-provisioned; the next worker provisions it once", async () => {
    const db = database.current.connection.db;
    const order = await simulatedOrder(db);
    const body = checkoutEvent(order);
    const { id: providerEventId, type } = JSON.parse(body) as { id: string; type: string };
    const { id } = await storeWebhookEvent(db, "simulated", { providerEventId, type, environment: "test" }, body);

    // Licenses are written last: holding their table stops the worker after the tenant, the
    // payment and the subscription are written, inside its still-open transaction.
    const holder = new pg.Client({ connectionString: database.current.url });
    await holder.connect();
    await holder.query("begin");
    await holder.query("lock table licenses in share mode");

    const first = startWorker();
    await first.firstLine;
    const queue = createBullmqQueue({ url: redisUrl!, prefix, backoffMs: 10 });
    await enqueueWebhookEvent(queue, id);
    await waitFor(
      async () => {
        // Asked on another connection: inside the holder's transaction the statistics stay frozen.
        // The waiting backend holds the payments table for writing: it recorded the payment already.
        const { rows } = await database.current.connection.pool.query<{ waiting: number }>(
          `select count(*)::int as waiting from pg_locks l join pg_stat_activity a using (pid)
            where a.datname = current_database() and a.wait_event_type = 'Lock'
              and l.relation = 'transactions'::regclass and l.mode = 'RowExclusiveLock' and l.granted`,
        );
        return rows[0]!.waiting > 0 ? true : undefined;
      },
      15_000,
      "the worker to wait for the licenses table, its payment written",
    );

    first.process.kill("SIGKILL");
    await first.exit;
    await holder.query("rollback");
    await holder.end();
    // Nothing of the killed transaction remains.
    expect((await db.select().from(webhookEvents).where(eq(webhookEvents.id, id)))[0]?.status).toBe("received");
    expect(await db.select().from(transactions).where(eq(transactions.checkoutOrderId, order.orderId))).toEqual([]);
    expect((await db.select().from(checkoutOrders).where(eq(checkoutOrders.id, order.orderId)))[0]?.status).toBe(
      "pending",
    );

    const second = startWorker();
    const done = await waitFor(
      async () => {
        const [row] = await db.select().from(webhookEvents).where(eq(webhookEvents.id, id));
        return row?.status === "processed" ? row : undefined;
      },
      30_000,
      "the restarted worker to process the event",
    );
    expect(done.attempts).toBe(1);
    expect(await db.select().from(transactions).where(eq(transactions.checkoutOrderId, order.orderId))).toHaveLength(1);
    expect(await db.select().from(licenses).where(eq(licenses.checkoutOrderId, order.orderId))).toMatchObject([
      { status: "active" },
    ]);
    expect((await db.select().from(checkoutOrders).where(eq(checkoutOrders.id, order.orderId)))[0]?.status).toBe(
      "paid",
    );
    await queue.close();
    // SIGTERM: running jobs finish, connections close, exit 0.
    second.process.kill("SIGTERM");
    expect(await second.exit).toBe(0);
  });
});

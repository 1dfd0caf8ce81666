import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { webhookEvents } from "@/db/schema";
import { childProcessEnv } from "@/lib/env";
import { createBullmqQueue } from "@/lib/queue";
import { enqueueWebhookEvent } from "@/services/webhook/enqueue-webhook-event";
import { storeInertEvent } from "@/tests/support/stored-events";
import { runTsChild, startTsChild, type RunningChild } from "@/tests/support/child-process";
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

  it("leaves the event to the next worker, which processes it once", async () => {
    const db = database.current.connection.db;
    const { id } = await storeInertEvent(db);

    // Hold the event's row so the first worker's job is caught in the middle of its transaction.
    const holder = new pg.Client({ connectionString: database.current.url });
    await holder.connect();
    await holder.query("begin");
    await holder.query("select id from webhook_events where id = $1 for update", [id]);

    const first = startWorker();
    await first.firstLine;
    const queue = createBullmqQueue({ url: redisUrl!, prefix, backoffMs: 10 });
    await enqueueWebhookEvent(queue, id);
    await waitFor(
      async () => {
        // Asked on another connection: inside the holder's transaction the statistics stay frozen.
        const { rows } = await database.current.connection.pool.query<{ waiting: number }>(
          "select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
        );
        return rows[0]!.waiting > 0 ? true : undefined;
      },
      15_000,
      "the worker to wait on the event's row",
    );

    first.process.kill("SIGKILL");
    await first.exit;
    await holder.query("rollback");
    await holder.end();
    expect((await db.select().from(webhookEvents).where(eq(webhookEvents.id, id)))[0]?.status).toBe("received");

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
    await queue.close();
    // SIGTERM: running jobs finish, connections close, exit 0.
    second.process.kill("SIGTERM");
    expect(await second.exit).toBe(0);
  });
});

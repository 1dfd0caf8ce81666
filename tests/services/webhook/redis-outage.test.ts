import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomInt } from "node:crypto";
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as simulated } from "@/app/api/webhooks/simulated/route";
import { webhookEvents } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { closeJobQueue, getJobQueue, startJobWorkers } from "@/services/jobs";
import { missing, requireServices } from "@/tests/support/services";
import { setupTestDatabase } from "@/tests/support/test-database";
import { waitFor } from "@/tests/support/wait-for";
import { startWebhookSenders } from "@/tests/support/webhook-senders";

// A private redis-server on a port of its own, so stopping it never disturbs the shared one.
const hasRedisServer = spawnSync("redis-server", ["--version"]).status === 0;
if (!hasRedisServer && requireServices) throw new Error("REQUIRE_SERVICES=1 but redis-server is not installed");
const skip = !hasRedisServer || missing("redis");

const port = 16_000 + randomInt(2_000);
let redis: ChildProcess | undefined;

async function startRedis(): Promise<void> {
  redis = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  await waitFor(
    async () =>
      spawnSync("redis-cli", ["-p", String(port), "ping"])
        .stdout?.toString()
        .includes("PONG")
        ? true
        : undefined,
    10_000,
    "the private redis-server",
  );
}

function stopRedis(): Promise<void> {
  const running = redis;
  redis = undefined;
  if (!running || running.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    running.once("exit", () => resolve());
    running.kill("SIGKILL");
  });
}

describe.skipIf(skip)("webhooks while Redis is down", () => {
  const database = setupTestDatabase();
  let senders: Awaited<ReturnType<typeof startWebhookSenders>>;
  let workers: Awaited<ReturnType<typeof startJobWorkers>>;

  beforeAll(async () => {
    await startRedis();
    senders = await startWebhookSenders();
    setProcessEnv({ ...senders.env, REDIS_URL: `redis://127.0.0.1:${port}` });
    workers = await startJobWorkers({ logger: getLogger() });
  });

  afterAll(async () => {
    await workers?.close();
    await closeJobQueue();
    await stopRedis();
    senders?.close();
  });

  it("stores and acknowledges every event, and processes each once when Redis is back", async () => {
    await stopRedis();
    const requests = Array.from({ length: 5 }, () => senders.simulated()());
    const started = Date.now();
    const answers = await Promise.all(requests.map((request) => simulated(request)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    // The producer has no offline queue: a down Redis costs a request at most its enqueue timeout.
    expect(Date.now() - started).toBeLessThan(5_000);

    const db = database.current.connection.db;
    const stored = await db.select().from(webhookEvents);
    expect(stored).toHaveLength(5);
    expect(stored.every((event) => event.status === "received")).toBe(true);

    await startRedis();
    // The sweeper runs every minute; here it is asked at once, for events of any age.
    await waitFor(
      () =>
        getJobQueue()
          .enqueue("sweep-webhook-events", { olderThanSeconds: 0 }, { jobId: `sweep-now-${Date.now()}` })
          .then(
            () => true,
            () => undefined,
          ),
      15_000,
      "the queue to reconnect",
    );
    const ids = stored.map((event) => event.id);
    const done = await waitFor(async () => {
      const rows = await db.select().from(webhookEvents).where(inArray(webhookEvents.id, ids));
      return rows.every((row) => row.status === "processed") ? rows : undefined;
    }, 20_000);
    expect(done.map((row) => row.attempts)).toEqual([1, 1, 1, 1, 1]);
  });
});

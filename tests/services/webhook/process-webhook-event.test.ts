import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { webhookEvents } from "@/db/schema";
import { createInProcessQueue, PermanentJobError } from "@/lib/queue";
import { JOBS } from "@/services/jobs";
import { processWebhookEvent } from "@/services/webhook";
import { processWebhookEventJob } from "@/services/webhook/jobs/process-webhook-event.job";
import { recordWebhookEventFailure } from "@/services/webhook/record-webhook-event-failure";
import { storeInertEvent } from "@/tests/support/stored-events";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;

const storeEvent = (type?: string) => storeInertEvent(db(), type);

const rowOf = async (id: string) => (await db().select().from(webhookEvents).where(eq(webhookEvents.id, id)))[0]!;

describe("processWebhookEvent", () => {
  it("processes a received event once; later runs change nothing", async () => {
    const { id } = await storeEvent();
    expect(await processWebhookEvent(db(), id)).toBe("processed");
    const first = await rowOf(id);
    expect(first).toMatchObject({ status: "processed", attempts: 1, lastError: null });
    expect(await processWebhookEvent(db(), id)).toBe("skipped");
    expect(await rowOf(id)).toEqual(first);
  });

  it("leaves ignored events alone, and refuses ids that name no event for good", async () => {
    const { id } = await storeEvent("customer.created");
    expect(await processWebhookEvent(db(), id)).toBe("skipped");
    await expect(processWebhookEvent(db(), randomUUID())).rejects.toBeInstanceOf(PermanentJobError);
    const queue = createInProcessQueue({ jobs: JOBS, logger: pino({ level: "silent" }), backoffMs: 1 });
    await expect(
      processWebhookEventJob.handle({ eventId: randomUUID() }, { attempt: 1, maxAttempts: 5, queue }),
    ).rejects.toBeInstanceOf(PermanentJobError);
    await queue.close();
  });
});

describe("recordWebhookEventFailure", () => {
  it("counts attempts and keeps the reason; the last attempt marks the event failed", async () => {
    const { id } = await storeEvent();
    await recordWebhookEventFailure(db(), id, new Error("provider timed out"), false);
    expect(await rowOf(id)).toMatchObject({ status: "received", attempts: 1, lastError: "provider timed out" });
    await recordWebhookEventFailure(db(), id, "x".repeat(5_000), true);
    const failed = await rowOf(id);
    expect(failed).toMatchObject({ status: "failed", attempts: 2 });
    expect(failed.lastError).toHaveLength(1_000);
    // A failed (or processed) event is not touched again.
    await recordWebhookEventFailure(db(), id, new Error("late"), true);
    expect(await rowOf(id)).toEqual(failed);
  });
});

describe("the sweeper", () => {
  it("queues events left received for over a minute, and only those", async () => {
    const stalled = await storeEvent();
    const fresh = await storeEvent();
    await db()
      .update(webhookEvents)
      .set({ receivedAt: sql`now() - interval '2 minutes'` })
      .where(eq(webhookEvents.id, stalled.id));
    const queue = createInProcessQueue({ jobs: JOBS, logger: pino({ level: "silent" }), backoffMs: 1 });
    await queue.enqueue("sweep-webhook-events", {}, { jobId: "sweep-test" });
    await queue.idle();
    await queue.close();
    expect((await rowOf(stalled.id)).status).toBe("processed");
    expect((await rowOf(fresh.id)).status).toBe("received");
  });
});

import pino from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createInProcessQueue, PermanentJobError, type JobDefinition } from "@/lib/queue";

const logger = pino({ level: "silent" });

function recordingJob(name: string, behaviour: (attempt: number) => void, everyMs?: number) {
  const calls: { id: string; attempt: number }[] = [];
  const job: JobDefinition<{ id: string }> = {
    name,
    schema: z.object({ id: z.string() }),
    everyMs,
    async handle({ id }, { attempt }) {
      calls.push({ id, attempt });
      behaviour(attempt);
    },
  };
  return { job: job as JobDefinition, calls };
}

describe("in-process queue", () => {
  it("runs a job after the caller returns, and ignores an id it still holds", async () => {
    const { job, calls } = recordingJob("record", () => undefined);
    const queue = createInProcessQueue({ jobs: [job], logger, backoffMs: 1 });
    await queue.enqueue("record", { id: "a" }, { jobId: "job-a" });
    await queue.enqueue("record", { id: "a" }, { jobId: "job-a" });
    expect(calls).toEqual([]);
    await queue.idle();
    expect(calls).toEqual([{ id: "a", attempt: 1 }]);
    // Released once done: the same id may run again.
    await queue.enqueue("record", { id: "a" }, { jobId: "job-a" });
    await queue.idle();
    expect(calls).toHaveLength(2);
    await queue.close();
  });

  it("retries with backoff up to five attempts", async () => {
    const { job, calls } = recordingJob("flaky", (attempt) => {
      if (attempt < 3) throw new Error("not yet");
    });
    const queue = createInProcessQueue({ jobs: [job], logger, backoffMs: 1 });
    await queue.enqueue("flaky", { id: "b" }, { jobId: "job-b" });
    await queue.idle();
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3]);

    const { job: broken, calls: brokenCalls } = recordingJob("broken", () => {
      throw new Error("always");
    });
    const other = createInProcessQueue({ jobs: [broken], logger, backoffMs: 1 });
    await other.enqueue("broken", { id: "c" }, { jobId: "job-c" });
    await other.idle();
    expect(brokenCalls).toHaveLength(5);
    await Promise.all([queue.close(), other.close()]);
  });

  it("never retries a permanent failure, unknown jobs or bad data", async () => {
    const { job, calls } = recordingJob("permanent", () => {
      throw new PermanentJobError("nothing to do");
    });
    const queue = createInProcessQueue({ jobs: [job], logger, backoffMs: 1 });
    await queue.enqueue("permanent", { id: "d" }, { jobId: "job-d" });
    await queue.enqueue("permanent", { id: 42 }, { jobId: "job-e" });
    await queue.enqueue("nobody", {}, { jobId: "job-f" });
    await queue.idle();
    expect(calls).toEqual([{ id: "d", attempt: 1 }]);
    await queue.close();
  });

  it("refuses job ids BullMQ could not keep", async () => {
    const queue = createInProcessQueue({ jobs: [], logger, backoffMs: 1 });
    await expect(queue.enqueue("x", {}, { jobId: "a:b" })).rejects.toThrow(/Invalid job id/);
    await expect(queue.enqueue("x", {}, { jobId: "123" })).rejects.toThrow(/Invalid job id/);
    await queue.close();
    await expect(queue.enqueue("x", {}, { jobId: "late" })).rejects.toThrow(/closed/);
  });

  it("runs repeating jobs at once and on their interval; closing stops them and pending retries", async () => {
    const tick = {
      name: "tick",
      schema: z.object({}),
      everyMs: 20,
      calls: 0,
      async handle() {
        tick.calls++;
      },
    };
    const queue = createInProcessQueue({ jobs: [tick as JobDefinition], logger, backoffMs: 1 });
    queue.startSchedules();
    await new Promise((resolve) => setTimeout(resolve, 70));
    await queue.close();
    const seen = tick.calls;
    expect(seen).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(tick.calls).toBe(seen);

    const { job } = recordingJob("slow-retry", () => {
      throw new Error("again");
    });
    const retrying = createInProcessQueue({ jobs: [job], logger, backoffMs: 60_000 });
    await retrying.enqueue("slow-retry", { id: "g" }, { jobId: "job-g" });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const started = Date.now();
    await retrying.close();
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

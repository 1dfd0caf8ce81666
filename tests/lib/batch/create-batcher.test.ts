import { describe, expect, it } from "vitest";
import { createBatcher } from "@/lib/batch";

describe("createBatcher", () => {
  it("serves the calls of one turn with one flush, each with its own result", async () => {
    const flushes: number[][] = [];
    const batcher = createBatcher(async (items: number[]) => {
      flushes.push(items);
      return items.map((item) => item * 10);
    });
    expect(await Promise.all([1, 2, 3].map((n) => batcher.add(n)))).toEqual([10, 20, 30]);
    expect(flushes).toEqual([[1, 2, 3]]);
  });

  it("gathers what arrives while flushes are in flight, within the size limit", async () => {
    const flushes: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const batcher = createBatcher(
      async (items: number[]) => {
        flushes.push(items);
        await gate;
        return items;
      },
      { maxSize: 2, concurrency: 1 },
    );
    const first = batcher.add(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((n) => batcher.add(n));
    await new Promise((resolve) => setImmediate(resolve));
    expect(flushes).toEqual([[1]]);
    release();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(flushes).toEqual([[1], [2, 3], [4]]);
  });

  it("lets a lone call wait for company when asked to linger", async () => {
    const flushed: number[][] = [];
    const batcher = createBatcher(
      async (items: number[]) => {
        flushed.push(items);
        return items;
      },
      { lingerMs: 20 },
    );
    const first = batcher.add(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all([first, batcher.add(2)]);
    expect(flushed).toEqual([[1, 2]]);
  });

  it("gives every caller of a failed flush the error, and goes on", async () => {
    let fail = true;
    const batcher = createBatcher(async (items: string[]) => {
      if (fail) throw new Error("database down");
      return items;
    });
    const failed = await Promise.allSettled([batcher.add("a"), batcher.add("b")]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    fail = false;
    expect(await batcher.add("c")).toBe("c");
  });

  it("refuses a flush that answers some callers and not others", async () => {
    const batcher = createBatcher(async (items: number[]) => items.slice(1));
    await expect(Promise.all([batcher.add(1), batcher.add(2)])).rejects.toThrow(/1 of 2 results/);
  });
});

import { describe, expect, it } from "vitest";
import { allSettledLimited } from "@/lib/concurrency";

describe("allSettledLimited", () => {
  it("runs at most `limit` at once and answers every outcome in order", async () => {
    let running = 0;
    let most = 0;
    const results = await allSettledLimited([5, 1, 4, 2, 3, 0], 2, async (ms) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      if (ms === 0) throw new Error("zero");
      return ms * 10;
    });
    expect(most).toBe(2);
    expect(results).toEqual([
      { status: "fulfilled", value: 50 },
      { status: "fulfilled", value: 10 },
      { status: "fulfilled", value: 40 },
      { status: "fulfilled", value: 20 },
      { status: "fulfilled", value: 30 },
      { status: "rejected", reason: new Error("zero") },
    ]);
  });

  it("answers nothing for nothing", async () => {
    expect(await allSettledLimited([], 4, () => Promise.resolve(1))).toEqual([]);
  });
});

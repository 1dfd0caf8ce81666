import { z } from "zod";
import { getDb } from "@/db/client";
import type { JobDefinition } from "@/lib/queue";
import { foldRevenueDeltas } from "@/services/revenue/fold-revenue-deltas";

/**
 * Every minute: folds the deltas the ledger's triggers appended into the daily rollups, so readers
 * add few. Nothing depends on when it runs: readers count unfolded deltas too.
 */
export const foldRevenueDeltasJob: JobDefinition<Record<string, never>> = {
  name: "fold-revenue-deltas",
  schema: z.object({}).strict() as z.ZodType<Record<string, never>>,
  everyMs: 60_000,
  async handle() {
    await foldRevenueDeltas(getDb());
  },
};

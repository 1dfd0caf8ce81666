import { parseArgs } from "node:util";
import { z } from "zod";

const CommonSchema = z.object({
  smoke: z.boolean().default(false),
  "drop-events": z.coerce.number().int().min(0).default(0),
});

/**
 * The options every benchmark takes, with its own: `--smoke` runs a few seconds of load and the
 * same end-of-run checks (for CI: the figures mean nothing, the checks everything); `--drop-events
 * N` deletes N stored events before they are processed, as a store that lost them would, so a run
 * can prove its checks catch a loss (benchmarks that store events).
 */
export function readBenchArgs<T extends z.ZodRawShape>(shape: T) {
  const names = Object.keys(shape);
  const { values } = parseArgs({
    options: {
      smoke: { type: "boolean" },
      "drop-events": { type: "string" },
      ...Object.fromEntries(names.map((name) => [name, { type: "string" as const }])),
    },
  });
  const parsed = CommonSchema.extend(shape).safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`--${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data;
}

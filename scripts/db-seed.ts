/**
 * `npm run db:seed`: applies the catalog file (CATALOG_FILE) by slug; safe to run again.
 * `npm run db:seed -- --demo [--transactions N] [--years Y]`: also writes a demo history of test
 * money (see `seedDemoHistory`); refused where live money is recorded.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { EnvError, getEnv } from "@/lib/env";
import { parseInput } from "@/lib/errors";
import { seedCatalog } from "@/services/catalog";
import { seedDemoHistory } from "@/services/demo";
import { openPreparedDatabase } from "@/services/setup";
import { runScript } from "@/scripts/run-script";

const SeedArgsSchema = z.object({
  demo: z.boolean().default(false),
  transactions: z.coerce.number().int().min(1).max(10_000_000).default(5_000),
  years: z.coerce.number().int().min(1).max(10).default(3),
});

await runScript(async () => {
  const env = getEnv();
  const { values } = parseArgs({
    options: { demo: { type: "boolean" }, transactions: { type: "string" }, years: { type: "string" } },
  });
  const args = parseInput(SeedArgsSchema, values);
  const catalogFile = env.CATALOG_FILE;
  if (catalogFile === undefined) {
    throw new EnvError("CATALOG_FILE is required in production: the catalog to apply");
  }
  const database = await openPreparedDatabase(env);
  try {
    const count = await seedCatalog(database.connection.db, catalogFile);
    const applied = `Catalog applied: ${count} products from ${catalogFile} (${database.connection.engine}).`;
    if (!args.demo) return applied;
    const started = performance.now();
    const history = await seedDemoHistory(database.connection.db, {
      transactions: args.transactions,
      years: args.years,
      onProgress: (written) => process.stderr.write(`\r${written} of ${args.transactions} payments written`),
    });
    process.stderr.write("\n");
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return `${applied}\nDemo history (test money): ${history.transactions} payments, ${history.orders} orders, ${history.customers} customers in ${seconds} s.`;
  } finally {
    await database.close();
  }
});

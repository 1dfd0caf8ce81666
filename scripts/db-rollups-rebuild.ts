/** `npm run db:rollups:rebuild`: recomputes the revenue rollups from the ledger, in REPORTING_TIMEZONE. */
import { getEnv } from "@/lib/env";
import { rebuildRevenueRollups } from "@/services/revenue";
import { openPreparedDatabase } from "@/services/setup";
import { runScript } from "@/scripts/run-script";

await runScript(async () => {
  const env = getEnv();
  const database = await openPreparedDatabase(env);
  try {
    const started = performance.now();
    const rows = await rebuildRevenueRollups(database.connection.db, env.REPORTING_TIMEZONE);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return `Revenue rollups rebuilt: ${rows} daily rows in ${env.REPORTING_TIMEZONE}, in ${seconds} s (${database.connection.engine}).`;
  } finally {
    await database.close();
  }
});

/**
 * A second process for the embedded-database tests.
 *   host <dataDir>            serve the data directory; prints "ready" or "refused: <message>"
 *   increment <dataDir> <n>   n locked increments of counter.n through the served socket
 */
import pg from "pg";
import { DataDirInUseError, embeddedConnectionUrl, startEmbeddedDatabase } from "@/db/embedded";

const [mode, dataDir = "", count = "0"] = process.argv.slice(2);

if (mode === "host") {
  try {
    const embedded = await startEmbeddedDatabase({ dataDir });
    process.stdout.write("ready\n");
    process.on("SIGTERM", () => void embedded.stop().then(() => process.exit(0)));
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    process.stdout.write(`refused: ${error.message}\n`);
    process.exit(3);
  }
} else if (mode === "increment") {
  const client = new pg.Client({ connectionString: embeddedConnectionUrl(dataDir) });
  await client.connect();
  for (let i = 0; i < Number(count); i++) {
    await client.query("begin");
    const { rows } = await client.query<{ n: number }>("select n from counter for update");
    await client.query("update counter set n = $1", [rows[0]!.n + 1]);
    await client.query("commit");
  }
  await client.end();
}

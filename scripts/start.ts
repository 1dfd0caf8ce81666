/**
 * `npm start` and `npm run dev`: checks the configuration, opens the database (serving the
 * embedded PGlite when DATABASE_URL is unset), migrates, seeds the demo catalog once, builds if
 * needed, then runs Next.js until it exits or a signal arrives, and closes the database cleanly.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { childProcessEnv, getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { getSecret } from "@/lib/secrets";
import { offerFirstRunSetup } from "@/services/auth";
import { openPreparedDatabase } from "@/services/setup";
import { needsBuild } from "@/scripts/next-build-status";
import { describeFailure } from "@/scripts/run-script";

const dev = process.argv.includes("--dev");
const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");

// The child finds the embedded database through DATA_DIR, like every other process.
const spawnChild = (args: string[], env: Record<string, string> = {}): ChildProcess =>
  spawn(process.execPath, args, {
    stdio: "inherit",
    env: childProcessEnv({ DATA_DIR: getEnv().DATA_DIR, NEXT_TELEMETRY_DISABLED: "1", ...env }),
  });

function waitForExit(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

async function main(): Promise<number> {
  const env = getEnv();
  const log = getLogger().child({ component: "start" });
  if (env.APP_ENV !== "production") getSecret("SESSION_SECRET"); // generate .data/secrets.json once, up front

  // The app serves the embedded database for its whole life; a `cc` command holding it gets a
  // moment to finish first.
  const database = await openPreparedDatabase(env, { serveWithinMs: 15_000 });
  log.info({ engine: database.connection.engine, seededProducts: database.seededProducts }, "database ready");
  const setup = await offerFirstRunSetup(database.connection.db, env.APP_URL);
  if (setup) {
    log.warn(
      { setupUrl: setup.url.href, expiresAt: setup.expiresAt.toISOString() },
      "No owner yet: open setupUrl within the hour to set up the console (or run `cc auth setup-token` for a new link)",
    );
  }
  // The app opens its own pool; this process only serves the embedded database, if it is the host.
  await database.connection.close();

  // From here on a signal stops the running child (build or server), and the database is closed
  // cleanly after it, whichever phase the signal arrives in.
  let child: ChildProcess | undefined;
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      stopping = true;
      child?.kill(signal);
    });
  }
  try {
    if (!dev && needsBuild(process.cwd())) {
      log.info("building the app (first start, or sources changed)");
      child = spawnChild([nextBin, "build"]);
      const code = await waitForExit(child);
      if (code !== 0 || stopping) return code;
    }
    // Our own server in front of Next (scripts/next-server.ts): it owns the caller's address.
    // As `next start` and `next dev` would, React and Next run their production or development build.
    child = spawnChild(["--import", "tsx", "scripts/next-server.ts", ...(dev ? ["--dev"] : [])], {
      NODE_ENV: dev ? "development" : "production",
    });
    return await waitForExit(child);
  } finally {
    await database.embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${describeFailure(error)}\n`);
    process.exit(1);
  },
);

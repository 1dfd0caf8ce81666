import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests drive Debian's Chromium (CHROMIUM_PATH) against the app as `npm start` runs it:
 * built, migrated, seeded, on a database of its own (tests/e2e/serve.ts): a scratch database beside
 * DATABASE_URL when it is set, else the embedded PGlite in a fresh data directory.
 */
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const chromiumFound = fs.existsSync(chromiumPath);
if (!chromiumFound) {
  const message = `Chromium not found at ${chromiumPath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`;
  if (process.env.REQUIRE_SERVICES === "1") throw new Error(`REQUIRE_SERVICES=1 but ${message}`);
  process.stderr.write(`skipping end-to-end tests: ${message}\n`);
}

const port = Number(process.env.E2E_PORT || 3100);
// The owner's key of the app under test; workers inherit it from the runner, which sets it first.
process.env.E2E_OWNER_API_KEY ||= randomBytes(24).toString("hex");
// Where the server says which database it runs on, so a test can run `cc` against it as the owner would.
process.env.E2E_SERVER_INFO ||= path.join(os.tmpdir(), `agy-e2e-server-${randomBytes(4).toString("hex")}.json`);

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: chromiumFound ? "**/*.spec.ts" : [],
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 2,
  reporter: process.env.CI ? "list" : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath,
      // Chromium's background services reach for hosts this sandboxed network does not have.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: chromiumFound
    ? {
        command: "node --import tsx tests/e2e/serve.ts",
        url: `http://127.0.0.1:${port}/api/health`,
        timeout: 300_000,
        reuseExistingServer: false,
        stdout: "pipe",
        env: {
          PORT: String(port),
          LOG_LEVEL: "warn",
          OWNER_API_KEY: process.env.E2E_OWNER_API_KEY,
          E2E_SERVER_INFO: process.env.E2E_SERVER_INFO,
        },
        // A signal, not a kill, so the embedded database closes cleanly and the scratch one is dropped.
        gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
      }
    : undefined,
});

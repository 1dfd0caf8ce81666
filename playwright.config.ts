import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests drive Debian's Chromium (CHROMIUM_PATH) against the app as `npm start` runs it:
 * built, migrated, seeded. With DATABASE_URL set the app uses that PostgreSQL; otherwise the
 * embedded PGlite in its own data directory.
 */
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const chromiumFound = fs.existsSync(chromiumPath);
if (!chromiumFound) {
  const message = `Chromium not found at ${chromiumPath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`;
  if (process.env.REQUIRE_SERVICES === "1") throw new Error(`REQUIRE_SERVICES=1 but ${message}`);
  process.stderr.write(`skipping end-to-end tests: ${message}\n`);
}

const port = Number(process.env.E2E_PORT || 3100);
const dataDir = path.join(os.tmpdir(), "agencyos-e2e-data");

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
        command: "node --import tsx scripts/start.ts",
        url: `http://127.0.0.1:${port}/api/health`,
        timeout: 300_000,
        reuseExistingServer: false,
        stdout: "pipe",
        env: { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "warn" },
      }
    : undefined,
});

import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "@": fileURLToPath(new URL(".", import.meta.url)) },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    environment: "node",
    pool: "forks",
    // Each file gets its own database (a fresh PostgreSQL database or an embedded PGlite).
    testTimeout: 30_000,
    hookTimeout: 60_000,
    setupFiles: ["tests/support/setup.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    coverage: {
      provider: "v8",
      include: ["{lib,db,services,gateways,cli,workers}/**/*.ts", "app/api/**/*.ts"],
      // Process entry points are exercised as child processes, which V8 coverage here does not see.
      exclude: ["cli/main.ts", "workers/main.ts", "db/migrations/**", "**/index.ts", "**/*.json"],
      reporter: ["text-summary", "text", "json-summary"],
      thresholds: {
        lines: 80,
        // Customers' software depends on every branch of the license rules.
        "services/license/**": { lines: 100 },
        // Money comes in through the gateways and the payment service: every line of them is proven.
        "gateways/**": { lines: 100 },
        "services/payment/**": { lines: 100 },
        // Provisioning turns money into licenses: every line of it is proven.
        "services/provisioning/**": { lines: 100 },
      },
    },
  },
});

/**
 * `npm run bench:licenses`: throughput and latency of `POST /api/v1/licenses/validate` (a full
 * match: key check, PostgreSQL lookup, Ed25519 certificate) against `next start` on real
 * PostgreSQL, beside an empty route handler (`POST /api/v1/ping`, sent the same requests) under the
 * same load in the same run. Rate limits are raised for the run. Last line: one JSON object.
 */
import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { connectDatabase } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { createScratchDatabase } from "@/db/scratch-database";
import { childProcessEnv, getEnv, setProcessEnv } from "@/lib/env";
import { activateLicense, issueLicense } from "@/services/license";
import { products, tenants } from "@/db/schema";

const PORT = 3310;
const BASE = `http://127.0.0.1:${PORT}`;
const CONNECTIONS = 16;
const SECONDS = 4;
// Short runs, interleaved, and medians: on a shared virtual machine the speed drifts between runs.
const ROUNDS = 8;

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function seedActivatedLicense(url: string) {
  const connection = connectDatabase(url, "postgresql", 2);
  await runMigrations(connection.pool);
  const [tenant] = await connection.db
    .insert(tenants)
    .values({ email: "bench@customer.example", code: "BENCH" })
    .returning();
  const [product] = await connection.db
    .insert(products)
    .values({ slug: "bench", name: "Bench", kind: "one_time", priceMinor: 100, currency: "USD", activationLimit: 1 })
    .returning();
  const license = await issueLicense(connection.db, {
    tenantId: tenant!.id,
    productId: product!.id,
    environment: "live",
  });
  const input = { key: license.key, domain: "bench.example", fingerprint: "bench-machine" };
  await activateLicense(input, { db: connection.db });
  await connection.close();
  return input;
}

async function waitForHealth(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(`${BASE}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the app did not become healthy");
}

type Request = Pick<autocannon.Options, "method" | "body" | "headers"> & { path: string };

interface Run {
  rps: number;
  p50: number;
  p99: number;
}

async function load(title: string, { path: urlPath, ...request }: Request, seconds = SECONDS): Promise<Run> {
  const result = await autocannon({
    url: `${BASE}${urlPath}`,
    connections: CONNECTIONS,
    duration: seconds,
    ...request,
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`${title}: ${failed} failed requests`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function main(): Promise<void> {
  const env = getEnv();
  if (!env.DATABASE_URL) throw new Error("bench:licenses needs PostgreSQL: set DATABASE_URL");
  const secrets = {
    LICENSE_SECRET: randomBytes(32).toString("base64url"),
    LICENSE_SIGNING_KEY: generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
  setProcessEnv(secrets);
  const database = await createScratchDatabase(env.DATABASE_URL, "agencyos_bench");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agy-bench-"));
  let app: ReturnType<typeof spawn> | undefined;
  try {
    const validateBody = JSON.stringify(await seedActivatedLicense(database.url));
    app = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: childProcessEnv({
        ...secrets,
        DATABASE_URL: database.url,
        DATA_DIR: dataDir,
        PORT: String(PORT),
        LOG_LEVEL: "warn",
        RATE_LIMIT_PER_IP_PER_MINUTE: "1000000000",
        RATE_LIMIT_PER_LICENSE_PER_MINUTE: "1000000000",
      }),
    });
    await waitForHealth(600_000);

    const validate = {
      method: "POST" as const,
      path: "/api/v1/licenses/validate",
      body: validateBody,
      headers: { "content-type": "application/json" },
    };
    const sample = await fetch(`${BASE}${validate.path}`, {
      method: "POST",
      body: validateBody,
      headers: validate.headers,
    });
    const answer = (await sample.json()) as { valid: boolean; certificate?: string };
    if (!answer.valid || !answer.certificate) throw new Error(`validate did not succeed: ${JSON.stringify(answer)}`);

    log(
      `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    );
    log(
      `load: ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds, queue ${env.REDIS_URL ? "Redis" : "in-process"} rate limits`,
    );
    // The baseline gets the very requests validate gets, and ignores them.
    const empty: Request = { ...validate, path: "/api/v1/ping" };
    await load("warm-up ping", empty, 5);
    await load("warm-up validate", validate, 5);

    const emptyRuns: Run[] = [];
    const full: Run[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      emptyRuns.push(await load("empty", empty));
      full.push(await load("validate", validate));
      log(
        `round ${round}: empty ${emptyRuns.at(-1)!.rps.toFixed(0)} req/s (p99 ${emptyRuns.at(-1)!.p99} ms), validate ${full.at(-1)!.rps.toFixed(0)} req/s (p50 ${full.at(-1)!.p50} ms, p99 ${full.at(-1)!.p99} ms)`,
      );
    }
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const middle = sorted.length / 2;
      return sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
    };
    const emptyRps = median(emptyRuns.map((r) => r.rps));
    const validateRps = median(full.map((r) => r.rps));
    const validateP99 = median(full.map((r) => r.p99));
    const ratios = full.map((r, i) => r.rps / emptyRuns[i]!.rps);
    log(
      `medians: empty route ${emptyRps.toFixed(0)} req/s; validate ${validateRps.toFixed(0)} req/s, p99 ${validateP99} ms ` +
        `(worst ${Math.max(...full.map((r) => r.p99))} ms); ratio ${(validateRps / emptyRps).toFixed(2)} ` +
        `(per round ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; target ≥ 0.8)`,
    );
    log(
      JSON.stringify({
        validate_rps: Math.round(validateRps),
        validate_p99_ms: validateP99,
        empty_rps: Math.round(emptyRps),
        ratio_vs_empty: Number((validateRps / emptyRps).toFixed(3)),
      }),
    );
  } finally {
    app?.kill("SIGTERM");
    if (app) await new Promise((resolve) => app!.once("exit", resolve));
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:licenses failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

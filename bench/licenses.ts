/**
 * `npm run bench:licenses`: throughput and latency of `POST /api/v1/licenses/validate` (a full
 * match: key check, PostgreSQL lookup, Ed25519 certificate) against `next start` on real
 * PostgreSQL, beside an empty route handler (`POST /api/v1/ping`, sent the same requests) under the
 * same load in the same run. Rate limits are raised for the run. Checked at the end: every request
 * answered (a failed one is lost), and validation wrote nothing (a second license or activation is
 * a duplicate); either fails the run. `--smoke`: one short round, the same checks. Last line: one
 * JSON object.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { describeMachine, log, median, startBenchApp } from "@/bench/support/bench-app";
import { readBenchArgs } from "@/bench/support/bench-args";
import { finishBenchmark } from "@/bench/support/bench-verdict";
import { connectDatabase } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { createScratchDatabase } from "@/db/scratch-database";
import { products, tenants } from "@/db/schema";
import { getEnv, setProcessEnv } from "@/lib/env";
import { activateLicense, issueLicense } from "@/services/license";

const PORT = 3310;
const { smoke: SMOKE } = readBenchArgs({});
const CONNECTIONS = 16;
const SECONDS = SMOKE ? 1 : 4;
const WARM_UP_SECONDS = SMOKE ? 1 : 5;
// Short runs, interleaved, and medians: on a shared virtual machine the speed drifts between runs.
const ROUNDS = SMOKE ? 1 : 8;

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

type Request = Pick<autocannon.Options, "method" | "body" | "headers"> & { path: string };

interface Run {
  rps: number;
  p50: number;
  p99: number;
  /** Requests that got no 2xx answer (errors and timeouts too). */
  failed: number;
}

async function load(base: string, { path: urlPath, ...request }: Request, seconds = SECONDS): Promise<Run> {
  const result = await autocannon({
    url: `${base}${urlPath}`,
    connections: CONNECTIONS,
    duration: seconds,
    ...request,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
  };
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
  let app: Awaited<ReturnType<typeof startBenchApp>> | undefined;
  const connection = connectDatabase(database.url, "postgresql", 2);
  try {
    const validateBody = JSON.stringify(await seedActivatedLicense(database.url));
    app = await startBenchApp(PORT, {
      ...secrets,
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      RATE_LIMIT_PER_IP_PER_MINUTE: "1000000000",
      RATE_LIMIT_PER_LICENSE_PER_MINUTE: "1000000000",
    });
    const base = app.base;

    const validate = {
      method: "POST" as const,
      path: "/api/v1/licenses/validate",
      body: validateBody,
      headers: { "content-type": "application/json" },
    };
    const sample = await fetch(`${base}${validate.path}`, {
      method: "POST",
      body: validateBody,
      headers: validate.headers,
    });
    const answer = (await sample.json()) as { valid: boolean; certificate?: string };
    if (!answer.valid || !answer.certificate) throw new Error(`validate did not succeed: ${JSON.stringify(answer)}`);

    log(describeMachine());
    if (SMOKE) log("smoke run: one short round; the figures mean nothing, the checks everything");
    log(
      `load: ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds, queue ${env.REDIS_URL ? "Redis" : "in-process"} rate limits`,
    );
    // The baseline gets the very requests validate gets, and ignores them.
    const empty: Request = { ...validate, path: "/api/v1/ping" };
    const warmUps = [await load(base, empty, WARM_UP_SECONDS), await load(base, validate, WARM_UP_SECONDS)];

    const emptyRuns: Run[] = [];
    const full: Run[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      emptyRuns.push(await load(base, empty));
      full.push(await load(base, validate));
      log(
        `round ${round}: empty ${emptyRuns.at(-1)!.rps.toFixed(0)} req/s (p99 ${emptyRuns.at(-1)!.p99} ms), validate ${full.at(-1)!.rps.toFixed(0)} req/s (p50 ${full.at(-1)!.p50} ms, p99 ${full.at(-1)!.p99} ms)`,
      );
    }
    const emptyRps = median(emptyRuns.map((r) => r.rps));
    const validateRps = median(full.map((r) => r.rps));
    const validateP99 = median(full.map((r) => r.p99));
    const ratios = full.map((r, i) => r.rps / emptyRuns[i]!.rps);
    log(
      `medians: empty route ${emptyRps.toFixed(0)} req/s; validate ${validateRps.toFixed(0)} req/s, p99 ${validateP99} ms ` +
        `(worst ${Math.max(...full.map((r) => r.p99))} ms); ratio ${(validateRps / emptyRps).toFixed(2)} ` +
        `(per round ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; target ≥ 0.8)`,
    );

    // Validation reads: the one license and its one activation are all there may be.
    const { rows } = await connection.pool.query<{ licenses: number; activations: number }>(
      "select (select count(*) from licenses)::int as licenses, (select count(*) from license_activations)::int as activations",
    );
    const lost = [...warmUps, ...emptyRuns, ...full].reduce((sum, run) => sum + run.failed, 0);
    const duplicated = rows[0]!.licenses - 1 + (rows[0]!.activations - 1);
    log(
      `check: ${lost} requests without a 2xx answer; ${rows[0]!.licenses} license, ${rows[0]!.activations} activation`,
    );
    finishBenchmark({
      smoke: SMOKE,
      validate_rps: Math.round(validateRps),
      validate_p99_ms: validateP99,
      empty_rps: Math.round(emptyRps),
      ratio_vs_empty: Number((validateRps / emptyRps).toFixed(3)),
      lost,
      duplicated,
    });
  } finally {
    await connection.close();
    await app?.stop();
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

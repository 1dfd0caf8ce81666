import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildProgram } from "@/cli/program";
import { describeCliFailure } from "@/cli/output";
import { EnvError } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { redisUrl } from "@/tests/support/services";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const run = promisify(execFile);

/** Runs `cc <args>` in this process and returns what it printed. */
async function cc(...args: string[]): Promise<string> {
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    await buildProgram()
      .exitOverride()
      .parseAsync(["node", "cc", ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

afterEach(() => {
  process.exitCode = undefined;
});

describe("cc", () => {
  it("answers --help from a fresh process, listing its commands", async () => {
    const { stdout } = await run(process.execPath, ["bin/cc.mjs", "--help"]);
    expect(stdout).toMatch(/^Usage: cc \[options\] \[command\]/);
    expect(stdout).toContain("status");
    expect(stdout).toContain("products");
  });

  it("status reports the engine and the queue", async () => {
    const out = await cc("status");
    expect(out).toMatch(new RegExp(`database +${database.current.engine}, reachable`));
    expect(out).toMatch(new RegExp(`queue +${redisUrl ? "bullmq" : "in-process"}, reachable`));
    const json = JSON.parse(await cc("status", "--json")) as { status: string };
    expect(json.status).toBe("ok");
  });

  it("products list prints the seeded catalog with formatted prices", async () => {
    const out = await cc("products", "list");
    expect(out.split("\n")[0]).toMatch(/^SLUG +NAME +KIND +PRICE +INTERVAL +ACTIVE$/);
    expect(out).toMatch(/care-plan +Care Plan +subscription +\$49\.00 +month +yes/);
    expect(out).toMatch(/hosting-vn .* ₫199,000 +month/);
    const json = JSON.parse(await cc("products", "list", "--json")) as { slug: string; priceMinor: number }[];
    expect(json.find((p) => p.slug === "seo-audit-vn")?.priceMinor).toBe(2_500_000);
  });

  it("status reports a database it cannot reach instead of failing", async () => {
    const { setProcessEnv } = await import("@/lib/env");
    const saved = process.env.DATABASE_URL;
    setProcessEnv({ DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none" });
    try {
      const out = await cc("status");
      expect(out).toMatch(/database +postgresql, unreachable: PostgreSQL at DATABASE_URL does not answer\./);
      expect(process.exitCode).toBe(1);
    } finally {
      setProcessEnv({ DATABASE_URL: saved });
    }
  });

  it("works from another directory, on the project's data", async () => {
    const env = { ...process.env, DATA_DIR: path.relative("/tmp", process.env.DATA_DIR ?? ".data") };
    const { stdout } = await run(process.execPath, [path.resolve("bin/cc.mjs"), "products", "list"], {
      cwd: "/tmp",
      env,
    });
    expect(stdout).toMatch(/care-plan +Care Plan/);
  });

  it("explains expected failures in one line", () => {
    expect(describeCliFailure(new EnvError("Invalid configuration: PORT is invalid"))).toBe(
      "Invalid configuration: PORT is invalid",
    );
    expect(describeCliFailure(new AppError("not_found", "internal", { userMessage: "No such product." }))).toBe(
      "No such product.",
    );
  });
});

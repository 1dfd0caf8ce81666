import { execFile, spawn } from "node:child_process";
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

  it("auth setup-token prints a one-time token for /setup, and refuses once the owner exists", async () => {
    const { ownerAccounts } = await import("@/db/schema");
    await database.current.connection.db.delete(ownerAccounts);
    const out = await cc("auth", "setup-token");
    expect(out).toMatch(/^Open http:\/\/localhost:\d+\/setup\?token=[A-Za-z0-9_-]{32}\n/);
    const { completeSetup } = await import("@/services/auth");
    const token = /token=([A-Za-z0-9_-]+)/.exec(out)![1]!;
    await completeSetup(database.current.connection.db, {
      token,
      email: "owner@agency.example",
      password: "correct horse battery staple",
    });
    await expect(cc("auth", "setup-token")).rejects.toMatchObject({ code: "conflict" });
  });

  it("auth set-owner takes the password from standard input, never from the command line", async () => {
    const child = spawn(
      process.execPath,
      ["bin/cc.mjs", "auth", "set-owner", "--email", "New@Agency.example", "--password-stdin"],
      {
        env: process.env,
      },
    );
    child.stdin.end("a long enough password\n");
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    expect(stdout).toBe(
      "The owner is new@agency.example. Every session signed before has ended, and two-factor is off: turn it on again in Settings.\n",
    );
    const { signInOwner } = await import("@/services/auth");
    await expect(
      signInOwner(
        database.current.connection.db,
        { email: "new@agency.example", password: "a long enough password" },
        { ip: "192.0.2.5" },
      ),
    ).resolves.toMatchObject({ token: expect.any(String) });
    await expect(cc("auth", "set-owner", "--email", "not-an-email", "--password-stdin")).rejects.toMatchObject({
      field: "email",
    });
  });

  it("api-keys create shows the key once; list and revoke manage it", async () => {
    const created = await cc("api-keys", "create", "--name", "reports", "--scope", "read");
    const [key, note] = created.split("\n");
    expect(key).toMatch(/^agy_[A-Za-z0-9_-]{43}$/);
    const id = /Key ([0-9a-f-]{36}) \(read\)/.exec(note!)![1]!;
    const listed = await cc("api-keys", "list");
    expect(listed).toMatch(new RegExp(`${id} +reports +read +${key!.slice(0, 12)} +never`));
    expect(listed).not.toContain(key);
    expect(await cc("api-keys", "revoke", id)).toBe(`Key ${id} (reports) is revoked.\n`);
    await expect(cc("api-keys", "revoke", "nope")).rejects.toMatchObject({ field: "id" });
    await expect(cc("api-keys", "create", "--name", "x", "--scope", "admin")).rejects.toMatchObject({ field: "scope" });
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

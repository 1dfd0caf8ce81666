import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

async function start(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  try {
    await run(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env: { ...process.env, ...env } });
    return { code: 0, stderr: "" };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
  }
}

describe("npm start", () => {
  it("stops with one line naming a bad variable", async () => {
    const { code, stderr } = await start({ DATABASE_URL: "nonsense" });
    expect(code).toBe(1);
    expect(stderr).toBe("Invalid configuration: DATABASE_URL must be a postgres:// or postgresql:// connection URL\n");
  });

  it("refuses to run in production without its secrets", async () => {
    const { code, stderr } = await start({ APP_ENV: "production", DATABASE_URL: "postgresql://x@127.0.0.1/x" });
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/SESSION_SECRET is required in production/);
  });
});

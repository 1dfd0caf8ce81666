import { spawn } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { setProcessEnv } from "@/lib/env";
import { ensureLocalSecrets, getSecret, LOCAL_SECRETS_FILE, resetSecrets } from "@/lib/secrets";
import { tempDir } from "@/tests/support/test-database";

afterEach(() => {
  setProcessEnv({ DATA_DIR: undefined, APP_ENV: undefined, LICENSE_SECRET: undefined });
  resetSecrets();
});

describe("development secrets", () => {
  it("are generated once into DATA_DIR, private to the owner, and reused", () => {
    const dataDir = tempDir();
    const first = ensureLocalSecrets(dataDir);
    const file = path.join(dataDir, LOCAL_SECRETS_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(ensureLocalSecrets(dataDir)).toEqual(first);
    expect(first.SESSION_SECRET).not.toBe(first.LICENSE_SECRET);
    expect(createPrivateKey(first.LICENSE_SIGNING_KEY).asymmetricKeyType).toBe("ed25519");
    expect(first.SIMULATED_WEBHOOK_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("come out the same in processes that start together", async () => {
    const dataDir = tempDir();
    const script = `import { ensureLocalSecrets } from "@/lib/secrets";
      process.stdout.write(ensureLocalSecrets(process.argv[1]).LICENSE_SECRET);`;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, dataDir]);
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
        child.on("error", reject);
        child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}`))));
      });
    const secrets = await Promise.all([run(), run(), run(), run()]);
    expect(new Set(secrets).size).toBe(1);
    expect(secrets[0]).toBe(ensureLocalSecrets(dataDir).LICENSE_SECRET);
  });

  it("say how to recover from a damaged file", () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, LOCAL_SECRETS_FILE), JSON.stringify({ SESSION_SECRET: "short" }));
    expect(() => ensureLocalSecrets(dataDir)).toThrowError(/is damaged: delete it/);
  });
});

describe("getSecret", () => {
  it("prefers the environment and falls back to DATA_DIR outside production", () => {
    const dataDir = tempDir();
    setProcessEnv({ DATA_DIR: dataDir, LICENSE_SECRET: "e".repeat(40) });
    expect(getSecret("LICENSE_SECRET")).toBe("e".repeat(40));
    expect(getSecret("SESSION_SECRET")).toBe(ensureLocalSecrets(dataDir).SESSION_SECRET);
  });

  it("never writes secrets in production", () => {
    const dataDir = tempDir();
    setProcessEnv({
      APP_ENV: "production",
      DATA_DIR: dataDir,
      SESSION_SECRET: "s".repeat(32),
      LICENSE_SECRET: "l".repeat(32),
      LICENSE_SIGNING_KEY: "-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----",
    });
    expect(getSecret("LICENSE_SIGNING_KEY")).toBe("-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----");
    expect(() => getSecret("SIMULATED_WEBHOOK_SECRET")).toThrowError("SIMULATED_WEBHOOK_SECRET is not configured");
    expect(fs.existsSync(path.join(dataDir, LOCAL_SECRETS_FILE))).toBe(false);
    setProcessEnv({ SESSION_SECRET: undefined, LICENSE_SIGNING_KEY: undefined });
  });
});

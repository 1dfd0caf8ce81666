import { execFile } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { setProcessEnv } from "@/lib/env";
import { activateLicense, getLicenseJwks } from "@/services/license";
import { resetSigningKey } from "@/services/license/signing-key";
import { createLicense } from "@/tests/support/license-fixtures";
import { setupTestDatabase, tempDir } from "@/tests/support/test-database";

const database = setupTestDatabase();
const run = promisify(execFile);
const NOW = new Date();
const DAY = 86_400_000;

afterAll(() => {
  setProcessEnv({ LICENSE_SIGNING_KEY: undefined });
  resetSigningKey();
});

/** The snippet customers copy from docs/LICENSES.md, run as-is by plain Node (no dependencies). */
async function verifyWithDocsSnippet(certificate: string, jwks: unknown, options: object = {}) {
  const doc = fs.readFileSync("docs/LICENSES.md", "utf8");
  const snippet = /<!-- verify-snippet -->\s*```js\n([\s\S]*?)```/.exec(doc)?.[1];
  if (!snippet) throw new Error("docs/LICENSES.md has no verification snippet");
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, "verify.mjs"), snippet);
  fs.writeFileSync(
    path.join(dir, "main.mjs"),
    `import { verifyLicenseCertificate } from "./verify.mjs";
     const [certificate, jwks, options] = process.argv.slice(2).map((a) => JSON.parse(a));
     try { console.log(JSON.stringify(verifyLicenseCertificate(certificate, jwks, options))); }
     catch (error) { console.log(JSON.stringify({ error: error.message })); }`,
  );
  const args = [path.join(dir, "main.mjs"), JSON.stringify(certificate), JSON.stringify(jwks), JSON.stringify(options)];
  const { stdout } = await run(process.execPath, args, { cwd: dir });
  return JSON.parse(stdout) as Record<string, unknown>;
}

function newSigningKey(): string {
  return generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

async function activateNew(domain: string) {
  const { db } = database.current.connection;
  const { license } = await createLicense(db, { now: NOW });
  return activateLicense({ key: license.key, domain, fingerprint: "fp-1" }, { db, now: NOW });
}

describe("license certificates", () => {
  it("verify with the documented snippet against the JWKS", async () => {
    const { certificate, license } = await activateNew("shop.example");
    const claims = await verifyWithDocsSnippet(certificate, await getLicenseJwks(), {
      domain: "shop.example",
      fingerprint: "fp-1",
    });
    expect(claims).toMatchObject({ key: license.key, domain: "shop.example", fingerprint: "fp-1", iss: "agencyos" });
  });

  it("fail verification when tampered with, for another domain, or after expiry", async () => {
    const { certificate } = await activateNew("shop.example");
    const jwks = await getLicenseJwks();
    const [header, payload, signature] = certificate.split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, domain: "evil.example" })).toString("base64url");
    expect(await verifyWithDocsSnippet(`${header}.${forged}.${signature}`, jwks)).toEqual({ error: "bad signature" });
    expect(await verifyWithDocsSnippet(certificate, jwks, { domain: "other.example" })).toEqual({
      error: "certificate is for another domain",
    });
    expect(await verifyWithDocsSnippet(certificate, jwks, { now: NOW.getTime() + 31 * DAY })).toEqual({
      error: "certificate expired",
    });
  });

  it("of a test license verify only where test licenses are allowed", async () => {
    const { db } = database.current.connection;
    const { license } = await createLicense(db, { now: NOW, environment: "test" });
    const { certificate } = await activateLicense(
      { key: license.key, domain: "dev.example", fingerprint: "fp-1" },
      { db, now: NOW },
    );
    const jwks = await getLicenseJwks();
    expect(await verifyWithDocsSnippet(certificate, jwks)).toEqual({ error: "certificate is for a test license" });
    expect(await verifyWithDocsSnippet(certificate, jwks, { allowTest: true })).toMatchObject({
      key: license.key,
      environment: "test",
    });
  });

  it("fail verification under an unknown kid", async () => {
    const { certificate } = await activateNew("shop.example");
    const jwks = await getLicenseJwks();
    const stranger = { keys: jwks.keys.map((key) => ({ ...key, kid: "someone-else" })) };
    expect(await verifyWithDocsSnippet(certificate, stranger)).toEqual({
      error: expect.stringMatching(/^unknown key /),
    });
  });

  it("keep verifying across a key rotation until the old key's certificates have expired", async () => {
    const before = await activateNew("old.example");
    setProcessEnv({ LICENSE_SIGNING_KEY: newSigningKey() });
    resetSigningKey();
    const after = await activateNew("new.example");

    const jwks = await getLicenseJwks(NOW);
    expect(jwks.keys.length).toBeGreaterThanOrEqual(2);
    expect(await verifyWithDocsSnippet(before.certificate, jwks)).toMatchObject({ domain: "old.example" });
    expect(await verifyWithDocsSnippet(after.certificate, jwks)).toMatchObject({ domain: "new.example" });

    const afterLifetime = await getLicenseJwks(new Date(Date.now() + 31 * DAY));
    expect(afterLifetime.keys).toHaveLength(1);
    expect(await verifyWithDocsSnippet(before.certificate, afterLifetime)).toEqual({
      error: expect.stringMatching(/^unknown key /),
    });
  });

  it("refuses a signing key that is not Ed25519", async () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" });
    setProcessEnv({ LICENSE_SIGNING_KEY: rsa.toString() });
    resetSigningKey();
    await expect(activateNew("x.example")).rejects.toThrowError("LICENSE_SIGNING_KEY must be an Ed25519 key");
    setProcessEnv({ LICENSE_SIGNING_KEY: undefined });
    resetSigningKey();
  });
});

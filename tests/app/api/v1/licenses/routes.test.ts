import { randomInt } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as activate } from "@/app/api/v1/licenses/activate/route";
import { POST as deactivate } from "@/app/api/v1/licenses/deactivate/route";
import { GET as jwks } from "@/app/api/v1/licenses/jwks/route";
import { POST as validate } from "@/app/api/v1/licenses/validate/route";
import { GET as ping } from "@/app/api/v1/ping/route";
import { setProcessEnv } from "@/lib/env";
import { suspendLicense } from "@/services/license";
import { createLicense } from "@/tests/support/license-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();

beforeAll(() => {
  // Low limits so the tests can reach them; read when the first request arrives.
  setProcessEnv({ RATE_LIMIT_PER_LICENSE_PER_MINUTE: "6", RATE_LIMIT_PER_IP_PER_MINUTE: "20" });
});

/** A caller address of its own for each test, so limits counted in a shared Redis never collide. */
const newIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(256)}`;

function post(body: unknown, ip: string): Request {
  return new Request("http://localhost/api/v1/licenses", {
    method: "POST",
    // As Next.js passes it on: the client's own claim first, the socket's address last.
    headers: { "content-type": "application/json", "x-forwarded-for": `6.6.6.6, ${ip}` },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

interface ResponseBody {
  error: { code: string; message: string; field?: string };
  activationId?: string;
}

async function json(response: Response) {
  return { status: response.status, body: (await response.json()) as ResponseBody };
}

describe("POST /api/v1/licenses/activate", () => {
  it("answers 201 with the activation, the license and a certificate", async () => {
    const { license } = await createLicense(database.current.connection.db);
    const { status, body } = await json(
      await activate(post({ key: license.key, domain: "Shop.Example.", fingerprint: "fp" }, newIp())),
    );
    expect(status).toBe(201);
    expect(body).toMatchObject({
      activationId: expect.any(String),
      license: { key: license.key },
      certificate: expect.any(String),
    });
  });

  it("answers 409 or 403 with the reason code", async () => {
    const ip = newIp();
    const { license } = await createLicense(database.current.connection.db);
    await activate(post({ key: license.key, domain: "a.example", fingerprint: "1" }, ip));
    const full = await json(await activate(post({ key: license.key, domain: "b.example", fingerprint: "2" }, ip)));
    expect(full).toEqual({
      status: 409,
      body: { error: { code: "activation_limit_reached", message: "Every activation of this license is in use." } },
    });
    expect(
      (await json(await activate(post({ key: "AGY-1234-FAKE", domain: "a.example", fingerprint: "1" }, ip)))).body.error
        .code,
    ).toBe("invalid_key");
    await suspendLicense(database.current.connection.db, license.id, "refund");
    const suspended = await json(await activate(post({ key: license.key, domain: "a.example", fingerprint: "1" }, ip)));
    expect(suspended.status).toBe(403);
    expect(suspended.body.error.code).toBe("suspended");
  });

  it("answers 422 naming the field, and 400 for a body that is not JSON", async () => {
    const ip = newIp();
    const missing = await json(await activate(post({ key: "AGY-X", domain: "a.example" }, ip)));
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ code: "validation_failed", field: "fingerprint" });
    const badDomain = await json(
      await activate(post({ key: "AGY-X", domain: "https://a.example/x", fingerprint: "1" }, ip)),
    );
    expect(badDomain.body.error).toMatchObject({
      field: "domain",
      message: "domain: must be a host name such as example.com",
    });
    const notJson = await json(await activate(post("{key:", ip)));
    expect(notJson).toEqual({
      status: 400,
      body: { error: { code: "bad_request", message: "The request body must be JSON." } },
    });
  });
});

describe("POST /api/v1/licenses/validate and /deactivate", () => {
  it("validate always answers 200 with valid and reason", async () => {
    const ip = newIp();
    const { license } = await createLicense(database.current.connection.db);
    expect(await json(await validate(post({ key: license.key }, ip)))).toMatchObject({
      status: 200,
      body: { valid: true },
    });
    expect(await json(await validate(post({ key: "AGY-NOPE" }, ip)))).toEqual({
      status: 200,
      body: { valid: false, reason: "invalid_key" },
    });
    const malformed = await json(await validate(post({ key: 42 }, ip)));
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.field).toBe("key");
  });

  it("deactivate frees a seat and needs an activation id or a fingerprint", async () => {
    const ip = newIp();
    const { license } = await createLicense(database.current.connection.db);
    const { body } = await json(await activate(post({ key: license.key, domain: "a.example", fingerprint: "1" }, ip)));
    const freed = await json(await deactivate(post({ key: license.key, activationId: body.activationId }, ip)));
    expect(freed).toMatchObject({ status: 200, body: { deactivated: [body.activationId] } });
    const neither = await json(await deactivate(post({ key: license.key }, ip)));
    expect(neither.body.error).toMatchObject({ code: "validation_failed", field: "activationId" });
    const again = await json(await deactivate(post({ key: license.key, fingerprint: "1" }, ip)));
    expect(again).toMatchObject({ status: 409, body: { error: { code: "not_activated" } } });
  });
});

describe("rate limits", () => {
  it("answer 429 with Retry-After per license", async () => {
    const ip = newIp();
    const { license } = await createLicense(database.current.connection.db);
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await validate(post({ key: license.key.toLowerCase() }, ip))).status);
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    const limited = await validate(post({ key: license.key }, ip));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
  });

  it("answer 429 per IP, whatever the body", async () => {
    const ip = newIp();
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await validate(post("not even json", ip))).status);
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect((await validate(post("not even json", newIp()))).status).toBe(400);
  });

  it("charge the address the server saw, whatever the client claims", async () => {
    const ip = newIp();
    const claimed = (claim: string) =>
      new Request("http://localhost/api/v1/licenses/validate", {
        method: "POST",
        headers: { "x-forwarded-for": `${claim}, ${ip}` },
        body: "{}",
      });
    const statuses = [];
    for (let i = 0; i < 21; i++) statuses.push((await validate(claimed(newIp()))).status);
    expect(statuses[20]).toBe(429);
  });
});

describe("GET /api/v1/licenses/jwks and /api/v1/ping", () => {
  it("serve the public keys, cacheable", async () => {
    const response = await jwks(
      new Request("http://localhost/api/v1/licenses/jwks", { headers: { "x-forwarded-for": newIp() } }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    const body = (await response.json()) as { keys: Record<string, string>[] };
    expect(body.keys[0]).toMatchObject({
      kty: "OKP",
      crv: "Ed25519",
      alg: "EdDSA",
      use: "sig",
      kid: expect.any(String),
    });
    expect(body.keys[0]).not.toHaveProperty("d");
  });

  it("ping answers without the database", async () => {
    expect(await (await ping(new Request("http://localhost/api/v1/ping"))).json()).toEqual({ ok: true });
  });
});

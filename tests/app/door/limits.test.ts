import { randomInt, randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { POST as validate } from "@/app/api/v1/licenses/validate/route";
import { POST as checkout } from "@/app/api/v1/payments/checkout/route";
import { GET as listMismatches } from "@/app/api/v1/payments/mismatches/route";
import { GET as orderStatus } from "@/app/api/v1/payments/orders/[id]/route";
import { GET as paypalReturn } from "@/app/api/v1/payments/paypal/return/route";
import { POST as refund } from "@/app/api/v1/refunds/route";
import { startCheckout } from "@/app/checkout/[product]/actions";
import { runWithActionHeaders } from "@/app/door";
import { getEnv, setProcessEnv } from "@/lib/env";
import { getRedis, isRedisReachable } from "@/lib/redis";
import { createLicense } from "@/tests/support/license-fixtures";
import { missing } from "@/tests/support/services";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const OWNER_API_KEY = "owner-key-for-the-limit-tests-0123456789";
const PER_IP = 3;

beforeAll(async () => {
  setProcessEnv({
    OWNER_API_KEY,
    RATE_LIMIT_PER_IP_PER_MINUTE: String(PER_IP),
    RATE_LIMIT_PER_LICENSE_PER_MINUTE: "2",
    QUEUE_PREFIX: `limits-${randomUUID().slice(0, 8)}`,
  });
  // Until Redis is connected the in-memory fallback counts; the tests count in one place.
  await isRedisReachable();
});

/** An address of its own for each test, so counts kept in a shared Redis never collide. */
const newIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const ID = "00000000-0000-4000-8000-000000000000";

function call(path: string, ip: string, init: { method?: string; body?: unknown; owner?: boolean } = {}): Request {
  return new Request(`http://localhost${path}`, {
    method: init.method ?? "GET",
    headers: {
      "content-type": "application/json",
      "x-forwarded-for": ip,
      ...(init.owner && { authorization: `Bearer ${OWNER_API_KEY}` }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

const params = { params: Promise.resolve({ id: ID }) };

describe("every limited door", () => {
  const doors: [string, (ip: string) => Promise<Response>][] = [
    [
      "POST /api/v1/payments/checkout",
      (ip) => checkout(call("/api/v1/payments/checkout", ip, { method: "POST", body: {} })),
    ],
    ["GET /api/v1/payments/orders/:id", (ip) => orderStatus(call(`/api/v1/payments/orders/${ID}`, ip), params)],
    ["GET /api/v1/payments/paypal/return", (ip) => paypalReturn(call(`/api/v1/payments/paypal/return?order=x`, ip))],
    [
      "GET /api/v1/payments/mismatches (owner)",
      (ip) => listMismatches(call("/api/v1/payments/mismatches", ip, { owner: true })),
    ],
    [
      "POST /api/v1/refunds (owner)",
      (ip) => refund(call("/api/v1/refunds", ip, { method: "POST", body: {}, owner: true })),
    ],
    [
      "POST /api/v1/refunds (a stranger guessing the key)",
      (ip) => refund(call("/api/v1/refunds", ip, { method: "POST" })),
    ],
    ["GET /api/health", (ip) => health(call("/api/health", ip))],
  ];

  for (const [name, door] of doors) {
    it(`${name} answers 429 with Retry-After past the per-IP limit, for that address only`, async () => {
      const ip = newIp();
      for (let i = 0; i < PER_IP; i++) expect((await door(ip)).status).not.toBe(429);
      const limited = await door(ip);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(await limited.json()).toMatchObject({ error: { code: "rate_limited" } });
      expect((await door(newIp())).status).not.toBe(429);
    });
  }
});

describe("the checkout form and the checkout API", () => {
  it("spend one limit between them", async () => {
    const ip = newIp();
    const form = new FormData();
    form.set("productSlug", "no-such-product");
    const viaForm = () => runWithActionHeaders(new Headers({ "x-forwarded-for": ip }), () => startCheckout({}, form));
    for (let i = 0; i < PER_IP - 1; i++) expect((await viaForm()).error).not.toMatch(/Too many/);
    expect((await checkout(call("/api/v1/payments/checkout", ip, { method: "POST", body: {} }))).status).toBe(422);
    expect(await viaForm()).toMatchObject({
      error: expect.stringMatching(/^Too many requests; try again in \d+ seconds\.$/),
    });
    expect((await checkout(call("/api/v1/payments/checkout", ip, { method: "POST", body: {} }))).status).toBe(429);
  });
});

describe("the per-license limit", () => {
  const validating = (key: string, ip: string) =>
    validate(call("/api/v1/licenses/validate", ip, { method: "POST", body: { key } }));

  it("cannot lock a customer out from another address", async () => {
    const { license } = await createLicense(database.current.connection.db);
    const stranger = newIp();
    expect((await validating(license.key, stranger)).status).toBe(200);
    expect((await validating(license.key, stranger)).status).toBe(200);
    expect((await validating(license.key, stranger)).status).toBe(429);
    // The customer, elsewhere, is not spent by the stranger's tries.
    const customer = (await (await validating(license.key, newIp())).json()) as { valid: boolean };
    expect(customer.valid).toBe(true);
  });
});

describe.skipIf(missing("redis"))("counts in Redis", () => {
  it("are kept under the configured prefix", async () => {
    const ip = newIp();
    await health(call("/api/health", ip));
    const keys = await getRedis()!.keys(`${getEnv().QUEUE_PREFIX}:rate:*`);
    expect(keys).toContain(`${getEnv().QUEUE_PREFIX}:rate:health-ip:${ip}`);
  });

  it("per license only for well-formed keys: junk is refused before a lookup and counted per address", async () => {
    const ip = newIp();
    const wellFormed = "AGY-0000-0000000000-0000000000";
    await validate(call("/api/v1/licenses/validate", ip, { method: "POST", body: { key: "junk" } }));
    await validate(call("/api/v1/licenses/validate", ip, { method: "POST", body: { key: wellFormed } }));
    const keys = await getRedis()!.keys(`${getEnv().QUEUE_PREFIX}:rate:licenses-key:${ip}|*`);
    expect(keys).toEqual([`${getEnv().QUEUE_PREFIX}:rate:licenses-key:${ip}|${wellFormed}`]);
  });
});

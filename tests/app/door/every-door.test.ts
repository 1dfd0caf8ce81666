/**
 * Every route and action of the app, fed arbitrary input through its door in-process: bodies,
 * headers, encodings, path segments and query strings, strings with control characters. The answer
 * is a 2xx/3xx, or a 4xx that names the field when it is a 422, never a 5xx; and a refused request
 * writes no row. Bounded runs, so the suite stays fast; a failure prints its shrunk counterexample.
 */
import { randomInt } from "node:crypto";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as health } from "@/app/api/health/route";
import { DELETE as signOutApi, POST as signInApi } from "@/app/api/v1/auth/session/route";
import {
  changePassword,
  confirmTwoFactorAction,
  createApiKeyAction,
  disableTwoFactorAction,
  revokeApiKeyAction,
  signOutEverywhere,
  startTwoFactor,
} from "@/app/dashboard/actions";
import { signIn } from "@/app/login/actions";
import { setUpOwner } from "@/app/setup/actions";
import { POST as ping } from "@/app/api/v1/ping/route";
import { POST as activate } from "@/app/api/v1/licenses/activate/route";
import { POST as deactivate } from "@/app/api/v1/licenses/deactivate/route";
import { GET as jwks } from "@/app/api/v1/licenses/jwks/route";
import { POST as validate } from "@/app/api/v1/licenses/validate/route";
import { POST as checkout } from "@/app/api/v1/payments/checkout/route";
import { POST as resolveMismatch } from "@/app/api/v1/payments/mismatches/[id]/resolve/route";
import { GET as listMismatches } from "@/app/api/v1/payments/mismatches/route";
import { GET as orderStatus } from "@/app/api/v1/payments/orders/[id]/route";
import { POST as captureOrder } from "@/app/api/v1/payments/paypal/capture-order/route";
import { POST as createPaypalOrder } from "@/app/api/v1/payments/paypal/create-order/route";
import { GET as paypalReturn } from "@/app/api/v1/payments/paypal/return/route";
import { POST as refund } from "@/app/api/v1/refunds/route";
import { POST as cancelSubscription } from "@/app/api/v1/subscriptions/[id]/cancel/route";
import { POST as gumroadWebhook } from "@/app/api/webhooks/gumroad/route";
import { POST as paypalWebhook } from "@/app/api/webhooks/paypal/route";
import { POST as simulatedWebhook } from "@/app/api/webhooks/simulated/route";
import { POST as stripeWebhook } from "@/app/api/webhooks/stripe/route";
import { GET as unknownApi } from "@/app/api/[...path]/route";
import { startCheckout } from "@/app/checkout/[product]/actions";
import { revealLicense } from "@/app/checkout/success/actions";
import { runWithActionHeaders } from "@/app/door";
import { answerSimulatedCheckout } from "@/app/simulated/checkout/[order]/actions";
import { setProcessEnv } from "@/lib/env";
import { PAYPAL_TEST_ENV, startFakePaypal } from "@/tests/support/fake-paypal";
import { createLicense } from "@/tests/support/license-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";
import { startWebhookSenders } from "@/tests/support/webhook-senders";

const database = setupTestDatabase();
const OWNER_API_KEY = "owner-key-for-the-door-fuzzing-0123456789";
const RUNS = 40;
let senders: Awaited<ReturnType<typeof startWebhookSenders>>;
let paypal: ReturnType<typeof startFakePaypal>;

beforeAll(async () => {
  senders = await startWebhookSenders();
  paypal = startFakePaypal();
  // Limits out of the way: this is about what input does, the limits have their own tests.
  setProcessEnv({
    ...senders.env,
    ...PAYPAL_TEST_ENV,
    OWNER_API_KEY,
    RATE_LIMIT_PER_IP_PER_MINUTE: "1000000",
    RATE_LIMIT_PER_LICENSE_PER_MINUTE: "1000000",
  });
  const { license } = await createLicense(database.current.connection.db, { product: { slug: "fuzz-product" } });
  LICENSE.key.push(license.key, license.key.toLowerCase());
});
afterAll(() => {
  paypal.close();
  senders.close();
});

/**
 * Every row of every table, counted in one statement: a refused request must leave it as it was.
 * Except the owner's record, where a refused owner action is meant to leave its line.
 */
async function countRows(): Promise<number> {
  const db = database.current.connection.db;
  const tables = await db.execute<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like '%drizzle%' and table_name <> 'audit_events'`,
  );
  const counts = tables.rows.map(({ name }) => `(select count(*) from "${name}")`).join(" + ");
  const [row] = (await db.execute<{ total: string | number }>(sql.raw(`select ${counts} as total`))).rows;
  return Number(row?.total);
}

// Strings an attacker reaches for: control characters, broken surrogates, encodings, sizes, look-alikes.
const nastyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 24 }),
  fc.string({ unit: "grapheme", maxLength: 24 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "a\u0000b",
    "line\nbreak",
    "\u007f",
    "\u0085",
    "\ud800",
    "\udfff-x",
    "%ff",
    "%00",
    "../../etc/passwd",
    "x".repeat(5_000),
    "null",
    "<script>alert(1)</script>",
    "'; drop table licenses;--",
    "\u202eevil",
    "😀",
    "AGY-0000-0000000000-0000000000",
    "00000000-0000-4000-8000-000000000000",
    "buyer@example.com",
    "simulated",
    "stripe",
    "accept",
    "refund",
  ),
  fc.uuid(),
);
const nastyValue = fc.oneof(
  nastyText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(nastyText, { maxLength: 3 }),
  fc.dictionary(nastyText, nastyText, { maxKeys: 3 }),
);
/**
 * A value for a field: mostly one the door would take (so the input gets past the schema to the
 * service and the database), sometimes the same with a control character spliced in, sometimes junk.
 */
const fieldValue = (plausible: unknown[]) =>
  plausible.length === 0
    ? nastyValue
    : fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...plausible) },
        {
          weight: 2,
          arbitrary: fc
            .tuple(fc.constantFrom(...plausible), fc.constantFrom("\u0000", "\u001b", "\u0085", "\ud800", "\n"))
            .map(([value, bad]) => (typeof value === "string" ? `${value.slice(0, 3)}${bad}${value.slice(3)}` : bad)),
        },
        { weight: 1, arbitrary: nastyValue },
      );

type Fields = Record<string, unknown[]>;

/** Text as a path segment, query value or form field carries it. */
const asText = (value: unknown): string => (typeof value === "string" ? value : (JSON.stringify(value) ?? ""));

const bodyWith = (fields: Fields) =>
  fc
    .tuple(
      fc.record(
        Object.fromEntries(Object.entries(fields).map(([field, plausible]) => [field, fieldValue(plausible)])),
        {
          requiredKeys: [],
        },
      ),
      fc.dictionary(nastyText, nastyValue, { maxKeys: 1 }),
    )
    .map(([known, extra]) => ({ ...extra, ...known }));

/** A body as bytes: JSON of the door's fields, JSON that is not an object, not JSON, bad UTF-8, too big. */
const rawBodyWith = (fields: Fields) =>
  fc.oneof(
    { weight: 8, arbitrary: bodyWith(fields).map((body) => JSON.stringify(body)) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) },
    { weight: 1, arbitrary: nastyText },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.constantFrom("x".repeat(20_000), `{"key":"${"a".repeat(40_000)}"}`) },
  );

const headersArb = fc.record({
  "content-type": fc.oneof(
    { weight: 6, arbitrary: fc.constant("application/json") },
    { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "", "\u00ff") },
  ),
  "x-forwarded-for": fc.oneof(
    fc.ipV4(),
    fc.ipV6(),
    nastyText.filter((text) => /^[\x20-\x7e]*$/.test(text)),
  ),
  authorization: fc.constantFrom("", "Bearer ", `Bearer ${OWNER_API_KEY}`, "Bearer wrong", "Basic abc"),
  "stripe-signature": fc.constantFrom("", "t=1,v1=00", "v1=", "t=abc,v1=zz,v1=", ",,,"),
});

function toHeaders(record: Record<string, string>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(record)) if (value) headers.set(name, value);
  return headers;
}

interface Answer {
  status: number;
  body: unknown;
}

async function read(response: Response): Promise<Answer> {
  expect(response.headers.get("x-request-id"), "every answer carries a request id").toMatch(/^[0-9a-f-]{36}$/);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // A redirect or an empty answer.
  }
  return { status: response.status, body };
}

/** The door's promise: no 5xx, a 422 names its field, a refusal writes nothing. */
async function expectHeld(call: () => Promise<Response>): Promise<void> {
  const before = await countRows();
  const { status, body } = await read(await call());
  expect(status, JSON.stringify(body)).toBeLessThan(500);
  if (status === 422) expect((body as { error: { field?: string } }).error.field).toEqual(expect.any(String));
  if (status >= 400) {
    expect((body as { error: { message: string } }).error.message).toEqual(expect.any(String));
    expect(await countRows(), "a refused request wrote a row").toBe(before);
  }
}

type Handler = (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;

interface Door {
  name: string;
  handler: Handler;
  method: "GET" | "POST" | "DELETE";
  fields?: Fields;
  params?: unknown[];
  query?: Fields;
}

const ID = "00000000-0000-4000-8000-000000000000";
const LICENSE = {
  key: [] as unknown[],
  domain: ["shop.example", "a.b.example"],
  fingerprint: ["fp-1"],
  activationId: [ID],
};
const CHECKOUT = {
  productSlug: ["fuzz-product", "no-such-product"],
  email: ["buyer@example.com"],
  domain: ["shop.example"],
  currency: ["USD", "VND"],
};

const DOORS: Door[] = [
  { name: "licenses/activate", handler: activate, method: "POST", fields: LICENSE },
  { name: "licenses/validate", handler: validate, method: "POST", fields: LICENSE },
  { name: "licenses/deactivate", handler: deactivate, method: "POST", fields: LICENSE },
  { name: "licenses/jwks", handler: jwks, method: "GET" },
  {
    name: "payments/checkout",
    handler: checkout,
    method: "POST",
    fields: { ...CHECKOUT, provider: ["simulated", "stripe"] },
  },
  { name: "paypal/create-order", handler: createPaypalOrder, method: "POST", fields: CHECKOUT },
  { name: "paypal/capture-order", handler: captureOrder, method: "POST", fields: { orderId: [ID] } },
  { name: "paypal/return", handler: paypalReturn, method: "GET", query: { order: [ID] } },
  { name: "payments/orders/[id]", handler: orderStatus, method: "GET", params: [ID] },
  {
    name: "payments/mismatches",
    handler: listMismatches,
    method: "GET",
    query: { status: ["all", "open"], limit: ["5"] },
  },
  {
    name: "mismatches/[id]/resolve",
    handler: resolveMismatch,
    method: "POST",
    params: [ID],
    fields: { resolution: ["accept", "refund"] },
  },
  { name: "refunds", handler: refund, method: "POST", fields: { transactionId: [ID], amountMinor: [100, 1] } },
  { name: "subscriptions/[id]/cancel", handler: cancelSubscription, method: "POST", params: [ID] },
  { name: "health", handler: health, method: "GET" },
  {
    name: "auth/session",
    handler: signInApi,
    method: "POST",
    fields: { email: ["owner@agency.example"], password: ["x".repeat(12)], code: ["123456", "abcde-fghjk"] },
  },
  { name: "auth/session", handler: signOutApi, method: "DELETE" },
  { name: "ping", handler: ping, method: "POST" },
  { name: "api/[...path]", handler: unknownApi, method: "GET", params: ["x"] },
  {
    name: "webhooks/stripe",
    handler: stripeWebhook,
    method: "POST",
    fields: { id: ["evt_1"], type: ["checkout.session.completed"] },
  },
  {
    name: "webhooks/paypal",
    handler: paypalWebhook,
    method: "POST",
    fields: { id: ["WH-1"], event_type: ["PAYMENT.CAPTURE.COMPLETED"] },
  },
  { name: "webhooks/gumroad", handler: gumroadWebhook, method: "POST", fields: { sale_id: ["s1"], seller_id: ["x"] } },
  {
    name: "webhooks/simulated",
    handler: simulatedWebhook,
    method: "POST",
    fields: { id: ["evt_1"], type: ["payment.completed"] },
  },
];

describe("every route door holds against arbitrary input", () => {
  for (const door of DOORS) {
    it(door.name, async () => {
      await fc.assert(
        fc.asyncProperty(
          rawBodyWith(door.fields ?? {}),
          headersArb,
          fieldValue(door.params ?? []).map((segment) =>
            typeof segment === "string" ? segment : JSON.stringify(segment),
          ),
          bodyWith(door.query ?? {}),
          async (rawBody, headerRecord, segment, query) => {
            const url = new URL(`http://localhost/api/${door.name}`);
            for (const [name, value] of Object.entries(query)) url.searchParams.set(name, asText(value));
            const body = door.method === "POST" ? (typeof rawBody === "string" ? rawBody : Buffer.from(rawBody)) : null;
            const request = new Request(url, { method: door.method, headers: toHeaders(headerRecord), body });
            const context = door.params ? { params: Promise.resolve({ id: segment, path: segment }) } : undefined;
            await expectHeld(() => door.handler(request, context));
          },
        ),
        { numRuns: RUNS },
      );
    });
  }

  it("license doors with a real key and hostile neighbours", async () => {
    await fc.assert(
      fc.asyncProperty(bodyWith(LICENSE), async (fields) => {
        for (const handler of [activate, validate, deactivate]) {
          const request = new Request("http://localhost/api/v1/licenses", {
            method: "POST",
            headers: { "content-type": "application/json", "x-forwarded-for": `10.9.${randomInt(256)}.1` },
            body: JSON.stringify(fields),
          });
          await expectHeld(() => handler(request));
        }
      }),
      { numRuns: RUNS },
    );
  });
});

/** An action's answer, or the redirect Next throws for it (a success: the buyer is sent on). */
async function callAction<T>(headers: Headers, action: () => Promise<T>): Promise<T | "redirect"> {
  try {
    return await runWithActionHeaders(headers, action);
  } catch (error) {
    if ((error as { digest?: string }).digest?.startsWith("NEXT_REDIRECT")) return "redirect";
    throw error;
  }
}

const formWith = (fields: Fields) =>
  bodyWith(fields).map((values) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(values))
      form.set(name, typeof value === "string" ? value : JSON.stringify(value));
    return form;
  });
const actionHeaders = () => new Headers({ "x-forwarded-for": `10.8.${randomInt(256)}.${randomInt(256)}` });

describe("every server action holds against arbitrary arguments", () => {
  it("startCheckout answers a refusal naming the field, or sends the buyer on", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 4, arbitrary: formWith({ ...CHECKOUT, provider: ["simulated"] }) }, fc.anything()),
        async (form) => {
          const before = await countRows();
          const answer = await callAction(actionHeaders(), () => startCheckout({}, form as FormData));
          if (answer === "redirect") return;
          expect(answer.error).toEqual(expect.any(String));
          if (answer.field !== undefined) expect(answer.field).toEqual(expect.any(String));
          expect(await countRows()).toBe(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("revealLicense answers `unknown` for anything that is not an order of ours", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(nastyText, fc.anything()), async (orderId) => {
        const before = await countRows();
        expect(await callAction(actionHeaders(), () => revealLicense(orderId as string))).toEqual({ state: "unknown" });
        expect(await countRows()).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });

  it("answerSimulatedCheckout refuses quietly, writing nothing", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(formWith({ orderId: [ID], outcome: ["approved"] }), fc.anything()), async (form) => {
        const before = await countRows();
        expect(await callAction(actionHeaders(), () => answerSimulatedCheckout(form as FormData))).toBeUndefined();
        expect(await countRows()).toBe(before);
      }),
      { numRuns: RUNS },
    );
  });

  it("signIn and setUpOwner refuse anything but the owner's credentials and a live token, writing nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          {
            weight: 4,
            arbitrary: formWith({
              email: ["owner@agency.example"],
              password: ["x".repeat(12)],
              code: ["123456"],
              token: [ID],
              next: ["/dashboard", "//evil.example"],
            }),
          },
          fc.anything(),
        ),
        async (form) => {
          const before = await countRows();
          for (const action of [signIn, setUpOwner]) {
            const answer = await callAction(actionHeaders(), () => action({}, form as FormData));
            expect(answer).not.toBe("redirect");
            expect((answer as { error?: unknown }).error).toEqual(expect.any(String));
          }
          expect(await countRows()).toBe(before);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("the console's actions turn away a caller without a session, whatever the arguments", async () => {
    const formActions = [
      changePassword,
      createApiKeyAction,
      revokeApiKeyAction,
      confirmTwoFactorAction,
      disableTwoFactorAction,
      startTwoFactor,
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          formWith({ name: ["deploy"], scope: ["write"], id: [ID], code: ["123456"], password: ["x".repeat(12)] }),
          fc.anything(),
        ),
        fc.constantFrom(undefined, "agy_session=not-a-token", "agy_session=eyJhbGciOiJub25lIn0.e30."),
        async (form, cookie) => {
          const before = await countRows();
          const headers = actionHeaders();
          if (cookie) headers.set("cookie", cookie);
          for (const action of formActions) {
            const answer = (await callAction(headers, () => action({}, form as FormData))) as { error?: string };
            expect(answer.error).toMatch(/Sign in/);
          }
          expect(await callAction(headers, () => signOutEverywhere())).toBeUndefined();
          expect(await countRows()).toBe(before);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

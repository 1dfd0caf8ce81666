import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectDatabase } from "@/db/client";
import { webhookEvents } from "@/db/schema";
import { AppError } from "@/lib/errors";
import {
  storeWebhookEvent,
  storeWebhookEvents,
  type StoredWebhookEvent,
  type WebhookEventToStore,
} from "@/services/webhook/store-webhook-event";
import { createEmbeddedDatabase, createTestDatabase, type TestDatabase } from "@/tests/support/test-database";

const stored = (result: StoredWebhookEvent | AppError | undefined): StoredWebhookEvent => {
  if (!result || result instanceof AppError) throw new Error(`not stored: ${String(result)}`);
  return result;
};
const toStore = (providerEventId = `evt_${randomUUID()}`, type = "customer.created") => ({
  provider: "stripe" as const,
  event: { providerEventId, type, environment: "test" as const },
  rawBody: "{}",
});

// Both engines, always: the embedded one serves every connection from one PGlite session.
describe.each([
  ["the configured database", createTestDatabase],
  ["the embedded database", createEmbeddedDatabase],
])("storeWebhookEvent on %s", (_name, create) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await create();
  });
  afterAll(() => database.drop());
  const countRows = () => database.connection.db.$count(webhookEvents);

  it("stores an event once when its deliveries arrive at once", async () => {
    for (let round = 0; round < 10; round++) {
      const event = {
        providerEventId: `evt_${randomUUID()}`,
        type: "checkout.session.completed",
        environment: "test" as const,
      };
      const body = JSON.stringify({ ...event, padding: "x".repeat(2_000) });
      const stored = await Promise.all(
        Array.from({ length: 5 }, () => storeWebhookEvent(database.connection.db, "stripe", event, body)),
      );
      expect(new Set(stored.map((s) => s.id)).size).toBe(1);
      expect(stored.filter((s) => s.inserted)).toHaveLength(1);
      expect(stored.every((s) => s.status === "received")).toBe(true);
    }
  });

  it("stores a batch holding new, repeated and known events, answering each in order", async () => {
    const known = { providerEventId: `evt_${randomUUID()}`, type: "invoice.paid", environment: "live" as const };
    const before = await storeWebhookEvent(database.connection.db, "stripe", known, "{}");
    const fresh = { providerEventId: `evt_${randomUUID()}`, type: "invoice.paid", environment: "live" as const };
    const results = await storeWebhookEvents(database.connection.db, [
      { provider: "stripe", event: fresh, rawBody: "{}" },
      { provider: "stripe", event: known, rawBody: "{}" },
      { provider: "stripe", event: fresh, rawBody: "{}" },
      // The same id from another provider is another event.
      { provider: "paypal", event: known, rawBody: "{}" },
    ]);
    const [first, again, repeated, other] = results.map(stored);
    expect([first, again, repeated, other].map((s) => s!.inserted)).toEqual([true, false, false, true]);
    expect(again!.id).toBe(before.id);
    expect(repeated!.id).toBe(first!.id);
    expect(other!.id).not.toBe(before.id);
  });

  // What the checks before storing refuse, stored here regardless: the database's own refusals.
  const refusedByTheDatabase: [string, () => WebhookEventToStore][] = [
    ["a NUL in its type", () => toStore(undefined, "invoice.\u0000paid")],
    ["a NUL in its id", () => toStore(`evt_\u0000${randomUUID()}`)],
    // Incompressible, so its index row is past PostgreSQL's limit.
    ["an id of 10,000 characters", () => toStore(randomBytes(5_000).toString("hex"))],
    ["a NUL in its payload", () => ({ ...toStore(), rawBody: '{"a":"\u0000"}' })],
  ];

  it.each(refusedByTheDatabase)(
    "refuses alone, with 422, an event with %s; the others of its batch are stored",
    async (_name, bad) => {
      const good = toStore();
      const other = toStore();
      const refused = bad();
      const before = await countRows();
      const results = await storeWebhookEvents(database.connection.db, [good, refused, good, other]);
      expect(results[1]).toMatchObject({
        code: "validation_failed",
        userMessage: expect.not.stringMatching(/0x00|index/),
      });
      expect(results.filter((result) => result instanceof AppError)).toHaveLength(1);
      const [first, , again, last] = results.map((result) => (result instanceof AppError ? undefined : result));
      expect([first?.inserted, again?.inserted, last?.inserted]).toEqual([true, false, true]);
      expect(again?.id).toBe(first?.id);
      expect(await countRows()).toBe(before + 2);
      await expect(
        storeWebhookEvent(database.connection.db, refused.provider, refused.event, refused.rawBody),
      ).rejects.toMatchObject({ code: "validation_failed" });
    },
  );

  it("fails only its own event when a stored id comes back as another (a lone surrogate)", async () => {
    const good = toStore();
    const results = await storeWebhookEvents(database.connection.db, [toStore(`evt_\ud800${randomUUID()}`), good]);
    expect(results[0]).toMatchObject({ code: "service_unavailable" });
    expect(stored(results[1]).inserted).toBe(true);
  });

  it("answers 503 for every event of a batch when the database cannot be reached", async () => {
    const closed = connectDatabase(database.url, database.engine, 1);
    await closed.close();
    const results = await storeWebhookEvents(closed.db, [toStore(), toStore()]);
    expect(results).toEqual([
      expect.objectContaining({ code: "service_unavailable" }),
      expect.objectContaining({ code: "service_unavailable" }),
    ]);
    await expect(storeWebhookEvent(closed.db, "stripe", toStore().event, "{}")).rejects.toMatchObject({
      code: "service_unavailable",
    });
  });

  it("stores events of unhandled types as ignored", async () => {
    const event = { providerEventId: `evt_${randomUUID()}`, type: "customer.created", environment: "live" as const };
    expect(await storeWebhookEvent(database.connection.db, "stripe", event, "{}")).toMatchObject({
      status: "ignored",
      inserted: true,
    });
  });
});

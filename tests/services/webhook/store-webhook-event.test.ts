import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeWebhookEvent, storeWebhookEvents } from "@/services/webhook/store-webhook-event";
import { createEmbeddedDatabase, createTestDatabase, type TestDatabase } from "@/tests/support/test-database";

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
    const stored = await storeWebhookEvents(database.connection.db, [
      { provider: "stripe", event: fresh, rawBody: "{}" },
      { provider: "stripe", event: known, rawBody: "{}" },
      { provider: "stripe", event: fresh, rawBody: "{}" },
      // The same id from another provider is another event.
      { provider: "paypal", event: known, rawBody: "{}" },
    ]);
    expect(stored.map((s) => s.inserted)).toEqual([true, false, false, true]);
    expect(stored[1]!.id).toBe(before.id);
    expect(stored[2]!.id).toBe(stored[0]!.id);
    expect(stored[3]!.id).not.toBe(before.id);
  });

  it("stores events of unhandled types as ignored", async () => {
    const event = { providerEventId: `evt_${randomUUID()}`, type: "customer.created", environment: "live" as const };
    expect(await storeWebhookEvent(database.connection.db, "stripe", event, "{}")).toMatchObject({
      status: "ignored",
      inserted: true,
    });
  });
});

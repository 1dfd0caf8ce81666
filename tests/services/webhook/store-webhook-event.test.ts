import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeWebhookEvent } from "@/services/webhook/store-webhook-event";
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

  it("stores events of unhandled types as ignored", async () => {
    const event = { providerEventId: `evt_${randomUUID()}`, type: "customer.created", environment: "live" as const };
    expect(await storeWebhookEvent(database.connection.db, "stripe", event, "{}")).toMatchObject({
      status: "ignored",
      inserted: true,
    });
  });
});

import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { products, tenants, transactions, webhookEvents } from "@/db/schema";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();

/** The database itself refuses what the design forbids, whatever code writes to it. */
async function rejects(write: () => Promise<unknown>, constraint: string): Promise<void> {
  const error = await write().then(
    () => undefined,
    (thrown: unknown) => thrown as Error & { cause?: { constraint?: string } },
  );
  expect(error, `expected ${constraint} to refuse the write`).toBeDefined();
  expect(error?.cause?.constraint ?? error?.message).toContain(constraint);
}

describe("schema constraints", () => {
  it("keys tenants by lower-cased email and binds a domain to one tenant", async () => {
    const { db } = database.current.connection;
    await db.insert(tenants).values({ email: "ana@example.com", code: "ANA1", domain: "ana.example" });
    await db.insert(tenants).values({ email: "bo@example.com", code: "B001" });
    await db.insert(tenants).values({ email: "cy@example.com", code: "CY01" }); // a second NULL domain is fine
    await rejects(() => db.insert(tenants).values({ email: "Dee@Example.com", code: "DEE1" }), "tenants_email_lower");
    await rejects(() => db.insert(tenants).values({ email: "ana@example.com", code: "ANA2" }), "tenants_email_key");
    await rejects(
      () => db.insert(tenants).values({ email: "oli@example.com", code: "OLI1" }),
      "tenants_code_crockford",
    );
    await rejects(
      () => db.insert(tenants).values({ email: "eve@example.com", code: "EVE1", domain: "ana.example" }),
      "tenants_domain_key",
    );
  });

  it("keeps billing intervals on subscriptions only, and prices non-negative", async () => {
    const { db } = database.current.connection;
    const base = { name: "X", priceMinor: 100, currency: "USD" };
    await rejects(
      () => db.insert(products).values({ ...base, slug: "a", kind: "subscription" }),
      "products_interval_matches_kind",
    );
    await rejects(
      () => db.insert(products).values({ ...base, slug: "b", kind: "one_time", billingInterval: "month" }),
      "products_interval_matches_kind",
    );
    await rejects(
      () => db.insert(products).values({ ...base, slug: "c", kind: "one_time", priceMinor: -1 }),
      "products_price_not_negative",
    );
  });

  it("round-trips bigint money as exact integers", async () => {
    const { db } = database.current.connection;
    const [tenant] = await db.insert(tenants).values({ email: "big@example.com", code: "B161" }).returning();
    const amount = 9_007_199_254_740_991; // the largest safe integer
    await db.insert(transactions).values({
      tenantId: tenant!.id,
      provider: "simulated",
      providerTransactionId: "pay_1",
      kind: "payment",
      amountMinor: amount,
      currency: "VND",
      status: "succeeded",
      environment: "test",
      occurredAt: new Date(),
    });
    const [row] = await db.select().from(transactions).where(eq(transactions.providerTransactionId, "pay_1"));
    expect(row!.amountMinor).toBe(amount);
    await rejects(
      () => db.insert(transactions).values({ ...row!, id: undefined, amountMinor: 5 }),
      "transactions_provider_transaction_key",
    );
  });

  it("stores each provider event once and only known statuses", async () => {
    const { db } = database.current.connection;
    const event = {
      provider: "stripe" as const,
      providerEventId: "evt_1",
      type: "checkout.session.completed",
      environment: "test" as const,
      payload: "{}",
    };
    await db.insert(webhookEvents).values(event);
    const again = await db.insert(webhookEvents).values(event).onConflictDoNothing().returning();
    expect(again).toEqual([]);
    await db.insert(webhookEvents).values({ ...event, provider: "paypal" }); // same id, other provider
    await rejects(
      () => db.execute(sql`update webhook_events set status = 'done' where provider_event_id = 'evt_1'`),
      "webhook_events_status_valid",
    );
  });
});

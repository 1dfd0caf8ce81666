import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checkoutOrders, licenses, products, subscriptions, transactions, webhookEvents } from "@/db/schema";
import { seedDemoHistory } from "@/services/demo";
import { listRevenueRollups, rebuildRevenueRollups } from "@/services/revenue";
import { createProduct } from "@/tests/support/license-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
const count = async (table: typeof transactions | typeof checkoutOrders | typeof licenses | typeof subscriptions) =>
  Number(
    (
      await db()
        .select({ n: sql<number>`count(*)` })
        .from(table)
    )[0]!.n,
  );

describe("the demo history", () => {
  it("writes years of test money across three providers and two currencies, with its licenses and rollups", async () => {
    await db().update(products).set({ active: false });
    await createProduct(db(), { priceMinor: 79_00, currency: "USD" });
    await createProduct(db(), { priceMinor: 2_500_000, currency: "VND" });
    await createProduct(db(), { kind: "subscription", billingInterval: "month", priceMinor: 49_00, currency: "USD" });
    const now = new Date("2026-11-30T12:00:00.000Z");
    const progress: number[] = [];
    const history = await seedDemoHistory(db(), {
      transactions: 1_200,
      now,
      seed: 7,
      onProgress: (n) => progress.push(n),
    });

    expect(history.transactions).toBe(1_200);
    expect(progress.at(-1)).toBe(1_200);
    const ledger = await db().select().from(transactions);
    const payments = ledger.filter((row) => row.kind === "payment");
    expect(payments).toHaveLength(1_200);
    expect(new Set(ledger.map((row) => row.environment))).toEqual(new Set(["test"]));
    expect(new Set(ledger.map((row) => row.provider))).toEqual(new Set(["stripe", "paypal", "gumroad"]));
    expect(new Set(ledger.map((row) => row.currency))).toEqual(new Set(["USD", "VND"]));
    const years = new Set(payments.map((row) => row.occurredAt.getUTCFullYear()));
    expect(years.size).toBeGreaterThanOrEqual(3);
    expect(payments.every((row) => row.occurredAt <= now)).toBe(true);
    // Renewals: more payments than orders; refunds, some partial; disputes.
    expect(history.orders).toBeLessThan(1_200);
    expect(await count(checkoutOrders)).toBe(history.orders);
    expect(await count(licenses)).toBe(history.orders);
    // Some customers come back.
    expect(history.customers).toBeLessThan(history.orders);
    expect(await count(subscriptions)).toBeGreaterThan(0);
    const refunds = ledger.filter((row) => row.kind === "refund");
    expect(refunds.length).toBeGreaterThan(10);
    expect(payments.some((row) => row.status === "refunded")).toBe(true);
    expect(payments.some((row) => row.status === "disputed")).toBe(true);
    for (const refund of refunds) {
      const paid = payments.find((row) => row.id === refund.refundOfId)!;
      expect(refund.amountMinor).toBeLessThanOrEqual(paid.amountMinor);
      expect(refund.currency).toBe(paid.currency);
    }
    const events = await db().select().from(webhookEvents);
    expect(events.some((event) => event.status === "failed")).toBe(true);

    // The rollups the triggers kept equal a rebuild from the ledger.
    const maintained = await listRevenueRollups(db());
    await rebuildRevenueRollups(db(), "UTC");
    expect(await listRevenueRollups(db())).toEqual(maintained);
  });

  it("refuses a database that holds live money, writing nothing", async () => {
    const [product] = await db().select().from(products).where(eq(products.active, true)).limit(1);
    const [order] = await db()
      .insert(checkoutOrders)
      .values({
        productId: product!.id,
        email: "real@buyer.example",
        provider: "stripe",
        environment: "live",
        amountMinor: 100,
        currency: "USD",
      })
      .returning();
    const [tenant] = await db()
      .execute<{ id: string }>(sql`select id from tenants limit 1`)
      .then((r) => r.rows);
    await db()
      .insert(transactions)
      .values({
        tenantId: tenant!.id,
        checkoutOrderId: order!.id,
        provider: "stripe",
        providerTransactionId: `pi_${randomUUID()}`,
        kind: "payment",
        amountMinor: 100,
        currency: "USD",
        status: "succeeded",
        environment: "live",
        occurredAt: new Date(),
      });
    const before = await count(transactions);
    await expect(seedDemoHistory(db(), { transactions: 10 })).rejects.toMatchObject({ code: "conflict" });
    expect(await count(transactions)).toBe(before);
  });
});

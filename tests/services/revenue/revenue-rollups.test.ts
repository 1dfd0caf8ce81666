/**
 * The revenue rollups are kept by the ledger's own triggers, in the writer's transaction. Whatever
 * history provisioning writes (payments, renewals, refunds, disputes, some at once, folded or not),
 * the rollups must equal a rebuild from the ledger, and the ledger itself.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { transactions } from "@/db/schema";
import {
  ensureRevenueTimezone,
  foldRevenueDeltas,
  listRevenueRollups,
  rebuildRevenueRollups,
} from "@/services/revenue";
import { applyProvisioningEvent } from "@/services/provisioning/provision-event";
import { checkoutEvent, deliver, simulatedEvent, simulatedOrder } from "@/tests/support/provisioning-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
const HOUR = 60 * 60 * 1000;
// Near midnight in Ho Chi Minh City (UTC+7), so the day a payment lands on depends on the timezone.
const BASE = Date.parse("2026-03-01T16:30:00.000Z");

type Step =
  | { kind: "sale"; subscription: boolean; priceMinor: number; currency: "USD" | "VND"; hours: number }
  | { kind: "renewal"; of: number; hours: number }
  | { kind: "refund"; of: number; part: number; hours: number }
  | { kind: "dispute"; of: number; outcome: "dispute_opened" | "dispute_won" | "dispute_lost" }
  | { kind: "fold" };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("sale" as const),
      subscription: fc.boolean(),
      priceMinor: fc.integer({ min: 1, max: 5_000_000 }),
      currency: fc.constantFrom("USD" as const, "VND" as const),
      hours: fc.integer({ min: -48, max: 48 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("renewal" as const),
      of: fc.nat(),
      hours: fc.integer({ min: 0, max: 800 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("refund" as const),
      of: fc.nat(),
      part: fc.double({ min: 0.1, max: 1, noNaN: true }),
      hours: fc.integer({ min: 0, max: 72 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("dispute" as const),
      of: fc.nat(),
      outcome: fc.constantFrom("dispute_opened" as const, "dispute_won" as const, "dispute_lost" as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "fold" as const }) },
);

interface Sale {
  orderId: string;
  paymentId: string;
  subscriptionId: string | null;
  priceMinor: number;
  currency: string;
}

/** Runs one step through provisioning, as the worker would; what it cannot apply (a refund too big) is skipped. */
async function run(step: Step, sales: Sale[]): Promise<void> {
  const pick = (of: number) => sales[of % sales.length];
  switch (step.kind) {
    case "sale": {
      const order = await simulatedOrder(
        db(),
        step.subscription
          ? { kind: "subscription", billingInterval: "month", priceMinor: step.priceMinor, currency: step.currency }
          : { priceMinor: step.priceMinor, currency: step.currency },
      );
      await deliver(db(), checkoutEvent(order, "approved", new Date(BASE + step.hours * HOUR)));
      sales.push({
        orderId: order.orderId,
        paymentId: `sim_pay_${order.orderId}`,
        subscriptionId: step.subscription ? `sim_sub_${order.orderId}` : null,
        priceMinor: step.priceMinor,
        currency: step.currency,
      });
      return;
    }
    case "renewal": {
      const sale = pick(step.of);
      if (!sale?.subscriptionId) return;
      const at = new Date(BASE + step.hours * HOUR);
      await deliver(
        db(),
        simulatedEvent(
          "subscription.renewed",
          {
            subscriptionId: sale.subscriptionId,
            paymentId: `sim_pay_${randomUUID()}`,
            amountMinor: sale.priceMinor,
            currency: sale.currency,
            periodEnd: new Date(at.getTime() + 30 * 24 * HOUR).toISOString(),
          },
          at,
        ),
      );
      return;
    }
    case "refund": {
      const sale = pick(step.of);
      if (!sale) return;
      await deliver(
        db(),
        simulatedEvent(
          "payment.refunded",
          {
            paymentId: sale.paymentId,
            refundId: `sim_ref_${randomUUID()}`,
            amountMinor: Math.max(1, Math.floor(sale.priceMinor * step.part)),
            currency: sale.currency,
          },
          new Date(BASE + step.hours * HOUR),
        ),
      );
      return;
    }
    case "dispute": {
      const sale = pick(step.of);
      if (!sale) return;
      await db().transaction((tx) =>
        applyProvisioningEvent(tx, {
          id: randomUUID(),
          event: { kind: step.outcome, providerPaymentId: sale.paymentId, occurredAt: new Date() },
          context: { provider: "simulated", environment: "test" },
        }),
      );
      return;
    }
    case "fold":
      await foldRevenueDeltas(db());
  }
}

/** Payments whose money came in, summed straight from the ledger in JavaScript: a check beside the SQL. */
async function ledgerPaymentTotals(): Promise<Map<string, number>> {
  const rows = await db().select().from(transactions);
  const totals = new Map<string, number>();
  for (const row of rows) {
    if (row.kind !== "payment" || !["succeeded", "refunded", "disputed"].includes(row.status)) continue;
    totals.set(row.currency, (totals.get(row.currency) ?? 0) + row.amountMinor);
  }
  return totals;
}

describe("revenue rollups", () => {
  it("equal a rebuild from the ledger after any history provisioning writes, in the reporting timezone", async () => {
    await rebuildRevenueRollups(db(), "Asia/Ho_Chi_Minh");
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(stepArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        async (rounds) => {
          const sales: Sale[] = [];
          // Each round's steps run at once: concurrent writers append deltas side by side.
          for (const round of rounds) {
            const sequentialSales = round.filter((step) => step.kind === "sale");
            for (const step of sequentialSales) await run(step, sales);
            await Promise.all(round.filter((step) => step.kind !== "sale").map((step) => run(step, sales)));
          }
          const maintained = await listRevenueRollups(db());
          await rebuildRevenueRollups(db(), "Asia/Ho_Chi_Minh");
          expect(await listRevenueRollups(db())).toEqual(maintained);

          const fromRollups = new Map<string, number>();
          for (const row of maintained.filter((r) => r.kind === "payment")) {
            fromRollups.set(row.currency, (fromRollups.get(row.currency) ?? 0) + row.amountMinor);
          }
          expect(fromRollups).toEqual(await ledgerPaymentTotals());
        },
      ),
      { numRuns: 12 },
    );
  });

  it("date a payment by the reporting timezone, and a rebuild in another moves it", async () => {
    await rebuildRevenueRollups(db(), "Asia/Ho_Chi_Minh");
    const order = await simulatedOrder(db(), { priceMinor: 12_345, currency: "USD" });
    // 18:00 UTC on 1 March is 01:00 on 2 March in Ho Chi Minh City.
    await deliver(db(), checkoutEvent(order, "approved", new Date("2026-03-01T18:00:00.000Z")));
    const mine = async () => (await listRevenueRollups(db())).filter((row) => row.productId === order.product.id);
    expect(await mine()).toEqual([
      expect.objectContaining({ day: "2026-03-02", kind: "payment", count: 1, amountMinor: 12_345, currency: "USD" }),
    ]);
    await foldRevenueDeltas(db());
    expect(await mine()).toEqual([expect.objectContaining({ day: "2026-03-02", count: 1, amountMinor: 12_345 })]);
    await rebuildRevenueRollups(db(), "UTC");
    expect(await mine()).toEqual([expect.objectContaining({ day: "2026-03-01", count: 1, amountMinor: 12_345 })]);
    const { rows } = await db().execute<{ timezone: string }>(sql`select revenue_timezone() as timezone`);
    expect(rows[0]?.timezone).toBe("UTC");
    // A name PostgreSQL would misread, or not know, is refused before anything changes.
    for (const timezone of ["+07:00", "Mars/Olympus_Mons"]) {
      await expect(rebuildRevenueRollups(db(), timezone)).rejects.toMatchObject({ field: "REPORTING_TIMEZONE" });
    }
    expect(await mine()).toEqual([expect.objectContaining({ day: "2026-03-01", count: 1 })]);
  });

  it("follow any update of the ledger, even one that changes a row's id with its amount", async () => {
    const order = await simulatedOrder(db(), { priceMinor: 77, currency: "USD" });
    await deliver(db(), checkoutEvent(order, "approved", new Date(BASE)));
    await db().execute(
      sql`update transactions set id = gen_random_uuid(), amount_minor = amount_minor + 1000 where checkout_order_id = ${order.orderId}`,
    );
    const maintained = await listRevenueRollups(db());
    expect(maintained.find((row) => row.productId === order.product.id)).toMatchObject({ amountMinor: 1_077 });
    await rebuildRevenueRollups(db(), "UTC");
    expect(await listRevenueRollups(db())).toEqual(maintained);
  });

  it("are rebuilt at start when no timezone is recorded (a ledger older than the rollups)", async () => {
    const order = await simulatedOrder(db(), { priceMinor: 5_00, currency: "USD" });
    await deliver(db(), checkoutEvent(order, "approved", new Date(BASE)));
    const expected = await listRevenueRollups(db());
    await db().execute(sql`delete from revenue_settings`);
    await db().execute(sql`delete from revenue_daily`);
    await db().execute(sql`delete from revenue_deltas`);
    expect(await ensureRevenueTimezone(db(), "UTC")).toBe(true);
    expect(await listRevenueRollups(db())).toEqual(expected);
    expect(await ensureRevenueTimezone(db(), "UTC")).toBe(false);
  });

  it("take writers outside READ COMMITTED too, dating them by the recorded timezone", async () => {
    const order = await simulatedOrder(db(), { priceMinor: 9_00, currency: "USD" });
    await deliver(db(), checkoutEvent(order, "approved", new Date(BASE)));
    await db().transaction(
      (tx) => tx.execute(sql`update transactions set amount_minor = 901 where checkout_order_id = ${order.orderId}`),
      { isolationLevel: "repeatable read" },
    );
    const maintained = await listRevenueRollups(db());
    expect(maintained.find((row) => row.productId === order.product.id)).toMatchObject({ amountMinor: 901 });
    await rebuildRevenueRollups(db(), "UTC");
    expect(await listRevenueRollups(db())).toEqual(maintained);
  });
});

import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { dropStoredEvents, finishBenchmark } from "@/bench/support/bench-verdict";
import { checkProvisioning } from "@/bench/support/check-provisioning";
import { planCheckoutEvents, type BenchProduct } from "@/bench/support/checkout-plan";
import { licenses } from "@/db/schema";
import { createCheckoutSession, CreateCheckoutInputSchema } from "@/services/payment";
import { processWebhookEvents } from "@/services/webhook/process-webhook-events";
import { storeWebhookEvent } from "@/services/webhook/store-webhook-event";
import { createProduct } from "@/tests/support/license-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

/**
 * The benchmarks' end-of-run checks, which decide whether a smoke run passes: they must see a lost
 * event and a duplicated license, and the verdict must fail the run on either.
 */
const database = setupTestDatabase();
const db = () => database.current.connection.db;
const pool = () => database.current.connection.pool;

// The checks read the whole database, as a benchmark's scratch database holds only its own run.
beforeEach(async () => {
  await pool().query(
    "truncate payment_mismatches, license_activations, licenses, subscriptions, transactions, checkout_orders, webhook_events, tenants, products cascade",
  );
});

/** A provisioning benchmark's plan for a few orders, its events stored as the intake stores them. */
async function storedPlan(count: number) {
  const product = await createProduct(db(), { priceMinor: 49_00 });
  const orders = [];
  for (let i = 0; i < count; i++) {
    const input = CreateCheckoutInputSchema.parse({
      productSlug: product.slug,
      provider: "simulated",
      email: `bench-${i}@example.com`,
    });
    const { orderId } = await createCheckoutSession(input, { db: db() });
    const benchProduct: BenchProduct = { id: product.id, priceMinor: 49_00, currency: "USD", kind: "one_time" };
    orders.push({ id: orderId, email: `bench-${i}@example.com`, product: benchProduct });
  }
  const plan = planCheckoutEvents(orders, count * 3);
  const ids = [];
  for (const { body } of plan.events) {
    const { id, type } = JSON.parse(body) as { id: string; type: string };
    ids.push((await storeWebhookEvent(db(), "simulated", { providerEventId: id, type, environment: "test" }, body)).id);
  }
  return { plan, ids };
}

describe("a benchmark's end-of-run check", () => {
  it("passes a run in which every event was provisioned once", async () => {
    const { plan, ids } = await storedPlan(4);
    await processWebhookEvents(db(), ids);
    const check = await checkProvisioning(pool(), [plan]);
    expect(check).toMatchObject({ lost: 0, duplicated: 0 });
    expect(() => finishBenchmark({ lost: check.lost, duplicated: check.duplicated })).not.toThrow();
  });

  it("fails a run that lost events before they were processed", async () => {
    const { plan, ids } = await storedPlan(4);
    expect(await dropStoredEvents(pool(), 2)).toBe(2);
    await processWebhookEvents(db(), ids).catch(() => undefined);
    const check = await checkProvisioning(pool(), [plan]);
    expect(check.lost).toBeGreaterThanOrEqual(1);
    expect(() => finishBenchmark({ lost: check.lost, duplicated: check.duplicated })).toThrowError(
      /the end-of-run check failed: \d+ lost/,
    );
  });

  it("fails a run that issued an order two licenses", async () => {
    const { plan, ids } = await storedPlan(2);
    await processWebhookEvents(db(), ids);
    const [license] = await db().select().from(licenses).where(eq(licenses.checkoutOrderId, plan.orders[0]!));
    const { id: _id, key, checkoutOrderId: _order, ...rest } = license!;
    await db()
      .insert(licenses)
      .values({ ...rest, key: `${key}-TWICE` });
    const check = await checkProvisioning(pool(), [plan]);
    expect(check.duplicated).toBe(1);
    expect(() => finishBenchmark({ lost: 0, duplicated: check.duplicated })).toThrowError(/1 duplicated/);
  });
});

import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutOrders, licenses, subscriptions, transactions } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { createCheckoutSession, CreateCheckoutInputSchema } from "@/services/payment";
import { processWebhookEvent } from "@/services/webhook/process-webhook-event";
import { storeWebhookEvent } from "@/services/webhook/store-webhook-event";
import { startFakeGumroad } from "@/tests/support/fake-gumroad";
import { createProduct } from "@/tests/support/license-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
const TOKEN = "gumroad-provisioning-token";
let gumroad: ReturnType<typeof startFakeGumroad>;

beforeAll(() => {
  gumroad = startFakeGumroad({ accessToken: TOKEN });
  setProcessEnv({ GUMROAD_SELLER_ID: "seller-1", GUMROAD_PING_TOKEN: "p".repeat(32), GUMROAD_ACCESS_TOKEN: undefined });
});
afterAll(() => {
  gumroad.close();
  setProcessEnv({ GUMROAD_ACCESS_TOKEN: undefined });
});

async function gumroadOrder(kind: "one_time" | "subscription" = "one_time") {
  const product = await createProduct(db(), {
    gumroadPermalink: "theme",
    priceMinor: 29_00,
    ...(kind === "subscription" && { kind, billingInterval: "month" }),
  });
  const input = CreateCheckoutInputSchema.parse({
    productSlug: product.slug,
    provider: "gumroad",
    email: "g@example.com",
  });
  const { orderId, url } = await createCheckoutSession(input, { db: db() });
  expect(new URL(url).searchParams.get("checkout_order_id")).toBe(orderId);
  return orderId;
}

/** A ping as Gumroad posts it, stored as the intake stores it, then processed. */
async function ping(fields: Record<string, string>) {
  return processWebhookEvent(db(), await store(fields));
}

/**
 * A ping stored as the intake stores it, not processed yet; answers the stored event's id. A sale
 * of the product's page (`theme`), live money unless `test` says otherwise, as Gumroad sends them.
 */
async function store(fields: Record<string, string>) {
  const body = new URLSearchParams({
    seller_id: "seller-1",
    product_id: "Kq0p3vJ5vNqbHzt2Zy0Ang==",
    permalink: "theme",
    product_permalink: "https://seller.gumroad.com/l/theme",
    sale_timestamp: new Date().toISOString(),
    ...fields,
  }).toString();
  const type = fields.resource_name ?? "sale";
  const environment = fields.test === "true" ? "test" : "live";
  const stored = await storeWebhookEvent(
    db(),
    "gumroad",
    { providerEventId: `gumroad-${randomUUID()}`, type, environment },
    body,
  );
  return stored.id;
}
const licenseOf = async (orderId: string) =>
  (await db().select().from(licenses).where(eq(licenses.checkoutOrderId, orderId)))[0];

describe("provisioning Gumroad pings", () => {
  it("provisions a sale that carries our order id back, keyed on the sale", async () => {
    const orderId = await gumroadOrder();
    const saleId = `sale_${randomUUID()}`;
    await ping({ sale_id: saleId, price: "2900", currency: "usd", "url_params[checkout_order_id]": orderId });
    const [order] = await db().select().from(checkoutOrders).where(eq(checkoutOrders.id, orderId));
    expect(order).toMatchObject({ status: "paid", providerPaymentId: saleId });
    const [payment] = await db().select().from(transactions).where(eq(transactions.providerTransactionId, saleId));
    expect(payment).toMatchObject({ provider: "gumroad", amountMinor: 2900, currency: "USD" });
    expect(await licenseOf(orderId)).toMatchObject({ status: "active" });

    await ping({ resource_name: "refund", sale_id: saleId, price: "2900", currency: "usd" });
    expect(await licenseOf(orderId)).toMatchObject({ status: "suspended", statusReason: "refund" });
  });

  it("trusts Gumroad's copy of the sale over the ping when an access token is set", async () => {
    setProcessEnv({ GUMROAD_ACCESS_TOKEN: TOKEN });
    try {
      const orderId = await gumroadOrder();
      const saleId = `sale_${randomUUID()}`;
      gumroad.sales.set(saleId, {
        id: saleId,
        email: "g@example.com",
        product_id: "Kq0p3vJ5vNqbHzt2Zy0Ang==",
        product_permalink: "https://seller.gumroad.com/l/theme",
        price: 2900,
        refunded: false,
        url_params: { checkout_order_id: orderId },
      });
      await ping({ sale_id: saleId, price: "1", currency: "usd" }); // the ping's price and missing order are ignored
      const [payment] = await db().select().from(transactions).where(eq(transactions.providerTransactionId, saleId));
      expect(payment).toMatchObject({ amountMinor: 2900 });
      // A refund ping for a sale Gumroad says is not refunded changes nothing.
      await ping({ resource_name: "refund", sale_id: saleId });
      expect(await licenseOf(orderId)).toMatchObject({ status: "active" });
    } finally {
      setProcessEnv({ GUMROAD_ACCESS_TOKEN: undefined });
    }
  });

  it("follows a subscription: first sale, recurring charges, disputes, cancellation", async () => {
    const orderId = await gumroadOrder("subscription");
    const subscriptionId = `gsub_${randomUUID()}`;
    const firstSale = `sale_${randomUUID()}`;
    await ping({
      sale_id: firstSale,
      price: "2900",
      currency: "usd",
      subscription_id: subscriptionId,
      "url_params[checkout_order_id]": orderId,
    });
    const issued = (await licenseOf(orderId))!.expiresAt;
    await ping({
      sale_id: `sale_${randomUUID()}`,
      price: "2900",
      currency: "usd",
      subscription_id: subscriptionId,
      is_recurring_charge: "true",
    });
    expect((await licenseOf(orderId))!.expiresAt.getTime()).toBeGreaterThan(issued.getTime());

    await ping({ resource_name: "dispute", sale_id: firstSale });
    expect(await licenseOf(orderId)).toMatchObject({ status: "suspended", statusReason: "dispute" });
    await ping({ resource_name: "dispute_won", sale_id: firstSale });
    expect(await licenseOf(orderId)).toMatchObject({ status: "active" });

    // A membership's pings name the subscription, never a sale.
    const subscription = async () =>
      (await db().select().from(subscriptions).where(eq(subscriptions.providerSubscriptionId, subscriptionId)))[0];
    const endsAt = new Date(Date.now() + 20 * 86_400_000);
    await ping({ resource_name: "cancellation", subscription_id: subscriptionId, cancelled_at: endsAt.toISOString() });
    expect(await subscription()).toMatchObject({
      status: "canceled",
      cancelAtPeriodEnd: true,
      currentPeriodEnd: endsAt,
    });
    expect(await ping({ resource_name: "subscription_updated", subscription_id: subscriptionId })).toBe("processed");

    const restartedAt = new Date(Date.now() + 60_000);
    await ping({
      resource_name: "subscription_restarted",
      subscription_id: subscriptionId,
      restarted_at: restartedAt.toISOString(),
    });
    expect(await subscription()).toMatchObject({
      status: "active",
      cancelAtPeriodEnd: false,
      currentPeriodEnd: endsAt,
    });
    const endedAt = new Date(Date.now() + 120_000);
    await ping({
      resource_name: "subscription_ended",
      subscription_id: subscriptionId,
      ended_at: endedAt.toISOString(),
    });
    expect(await subscription()).toMatchObject({ status: "expired", currentPeriodEnd: endedAt });
    // A restart older than the end changes nothing.
    await ping({
      resource_name: "subscription_restarted",
      subscription_id: subscriptionId,
      restarted_at: restartedAt.toISOString(),
      x: "again",
    });
    expect(await subscription()).toMatchObject({ status: "expired" });
  });

  it("times a cancellation by when it arrived: one waiting in a backlog does not undo a later restart", async () => {
    const orderId = await gumroadOrder("subscription");
    const subscriptionId = `gsub_${randomUUID()}`;
    await ping({
      sale_id: `sale_${randomUUID()}`,
      price: "2900",
      subscription_id: subscriptionId,
      "url_params[checkout_order_id]": orderId,
    });
    const cancellation = await store({ resource_name: "cancellation", subscription_id: subscriptionId });
    const restartedAt = new Date(Date.now() + 1_000);
    await ping({
      resource_name: "subscription_restarted",
      subscription_id: subscriptionId,
      restarted_at: restartedAt.toISOString(),
    });
    expect(await processWebhookEvent(db(), cancellation)).toBe("processed");
    const [subscription] = await db()
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.providerSubscriptionId, subscriptionId));
    expect(subscription).toMatchObject({ status: "active", cancelAtPeriodEnd: false, lastEventAt: restartedAt });
  });

  it("fails for good what can never be provisioned", async () => {
    const failsForGood = async (fields: Record<string, string>) =>
      expect(await ping(fields).catch((e: unknown) => e)).toMatchObject({ name: "PermanentJobError" });
    await failsForGood({ price: "100" });
    await failsForGood({ sale_id: `sale_${randomUUID()}`, price: "100" });
    await failsForGood({ sale_id: `sale_${randomUUID()}`, "url_params[checkout_order_id]": randomUUID() });
    await failsForGood({ resource_name: "cancellation", sale_id: `sale_${randomUUID()}` });
  });
});

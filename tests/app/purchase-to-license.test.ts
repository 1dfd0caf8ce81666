import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as checkout } from "@/app/api/v1/payments/checkout/route";
import { GET as orderStatus } from "@/app/api/v1/payments/orders/[id]/route";
import { GET as paypalReturn } from "@/app/api/v1/payments/paypal/return/route";
import { POST as gumroadWebhook } from "@/app/api/webhooks/gumroad/route";
import { POST as paypalWebhook } from "@/app/api/webhooks/paypal/route";
import { POST as stripeWebhook } from "@/app/api/webhooks/stripe/route";
import { revealLicense } from "@/app/checkout/success/actions";
import { runWithActionHeaders } from "@/app/door";
import { licenses, subscriptions, tenants, transactions, type NewProduct } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { closeJobQueue, startJobWorkers } from "@/services/jobs";
import { startFakeGumroad } from "@/tests/support/fake-gumroad";
import { PAYPAL_TEST_ENV, startFakePaypal } from "@/tests/support/fake-paypal";
import { createProduct } from "@/tests/support/license-fixtures";
import { redisUrl } from "@/tests/support/services";
import { setupTestDatabase } from "@/tests/support/test-database";
import { waitFor } from "@/tests/support/wait-for";
import { GUMROAD, startWebhookSenders } from "@/tests/support/webhook-senders";

/**
 * A purchase through each real provider, end to end: the checkout API, the provider's page (its
 * fake, the buyer approving), the provider's signed webhook (from the fixture of that event) into
 * the intake, the worker (BullMQ on Redis, as `npm run worker` runs it), and the buyer's page
 * asking for the order and its key.
 */
const database = setupTestDatabase();
const db = () => database.current.connection.db;
const GUMROAD_ACCESS_TOKEN = "gumroad-access-token-purchase-tests";
let senders: Awaited<ReturnType<typeof startWebhookSenders>>;
let paypal: ReturnType<typeof startFakePaypal>;
let gumroad: ReturnType<typeof startFakeGumroad>;
let workers: Awaited<ReturnType<typeof startJobWorkers>> | undefined;

beforeAll(async () => {
  senders = await startWebhookSenders();
  paypal = startFakePaypal();
  gumroad = startFakeGumroad({ accessToken: GUMROAD_ACCESS_TOKEN });
  setProcessEnv({
    ...senders.env,
    PAYMENT_RETRY_BASE_MS: PAYPAL_TEST_ENV.PAYMENT_RETRY_BASE_MS,
    GUMROAD_ACCESS_TOKEN,
    SIMULATED_PROVIDER: "false",
    APP_URL: "http://shop.test",
  });
  if (redisUrl) workers = await startJobWorkers({ logger: getLogger() });
});

afterAll(async () => {
  await workers?.close();
  await closeJobQueue();
  paypal.close();
  gumroad.close();
  senders.close();
});

const fixture = (provider: string, name: string) => fs.readFileSync(`tests/fixtures/${provider}/${name}`, "utf8");

async function buy(provider: "stripe" | "paypal" | "gumroad", product: Partial<NewProduct>, email: string) {
  const created = await createProduct(db(), product);
  const response = await checkout(
    new Request("http://shop.test/api/v1/payments/checkout", {
      method: "POST",
      body: JSON.stringify({ productSlug: created.slug, provider, email }),
      headers: { "content-type": "application/json" },
    }),
  );
  expect(response.status).toBe(201);
  const order = (await response.json()) as { orderId: string; url: string; providerCheckoutId: string | null };
  return { ...order, product: created };
}

async function deliver(webhook: (request: Request) => Promise<Response>, request: Request) {
  const response = await webhook(request);
  expect(await response.json()).toMatchObject({ received: true, duplicate: false });
}

/** What the buyer's page sees: the order turning paid (polled), then its key, shown once. */
async function buyerSeesKey(orderId: string): Promise<string> {
  await waitFor(
    async () => {
      const response = await orderStatus(new Request(`http://shop.test/api/v1/payments/orders/${orderId}`), {
        params: Promise.resolve({ id: orderId }),
      });
      const { status } = (await response.json()) as { status: string };
      return status === "paid" ? status : undefined;
    },
    20_000,
    `order ${orderId} to be provisioned`,
  );
  const buyer = new Headers({ "x-forwarded-for": "198.51.100.7" });
  const reveal = () => runWithActionHeaders(buyer, () => revealLicense(orderId));
  const shown = await reveal();
  expect(shown).toMatchObject({ state: "revealed", key: expect.stringMatching(/^AGY-/) });
  expect(await reveal()).toEqual({ state: "already_revealed" });
  return (shown as { key: string }).key;
}

/** What provisioning left in the database for the order: exactly one of each, of the money that paid. */
async function provisioned(orderId: string, email: string, environment: "live" | "test" = "test") {
  const payments = await db().select().from(transactions).where(eq(transactions.checkoutOrderId, orderId));
  const issued = await db().select().from(licenses).where(eq(licenses.checkoutOrderId, orderId));
  const [tenant] = await db().select().from(tenants).where(eq(tenants.email, email));
  expect(payments).toHaveLength(1);
  expect(issued).toHaveLength(1);
  expect(payments[0]).toMatchObject({
    tenantId: tenant!.id,
    kind: "payment",
    status: "succeeded",
    environment,
  });
  expect(issued[0]).toMatchObject({ tenantId: tenant!.id, status: "active", environment });
  const subscription = issued[0]!.subscriptionId
    ? (await db().select().from(subscriptions).where(eq(subscriptions.id, issued[0]!.subscriptionId)))[0]
    : undefined;
  return { payment: payments[0]!, license: issued[0]!, tenant: tenant!, subscription };
}

describe("a purchase, from checkout to the buyer's key", () => {
  it("Stripe: a subscription paid on Stripe's page, then checkout.session.completed", async () => {
    const periodEnd = Math.floor(Date.now() / 1000) + 30 * 86_400;
    const order = await buy(
      "stripe",
      { kind: "subscription", billingInterval: "month", priceMinor: 29_00, stripePriceId: "price_care" },
      "stripe-e2e@example.com",
    );
    expect(order.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    senders.stripeApi.pay(order.providerCheckoutId!, { amountMinor: 29_00, periodEnd });

    const event = JSON.parse(fixture("stripe", "checkout.session.completed.json")) as Record<string, unknown>;
    const body = JSON.stringify({
      ...event,
      id: `evt_${randomUUID()}`,
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: order.providerCheckoutId, object: "checkout.session", mode: "subscription" } },
    });
    await deliver(stripeWebhook, senders.signedStripe(body)());

    const key = await buyerSeesKey(order.orderId);
    const { payment, license, tenant, subscription } = await provisioned(order.orderId, "stripe-e2e@example.com");
    expect(license.key).toBe(key);
    expect(payment).toMatchObject({ provider: "stripe", amountMinor: 29_00, currency: "USD" });
    expect(subscription).toMatchObject({ provider: "stripe", status: "active", tenantId: tenant.id });
    expect(license.expiresAt).toEqual(new Date(periodEnd * 1000));
  });

  it("PayPal: an order approved on PayPal, captured on the buyer's return, then PAYMENT.CAPTURE.COMPLETED", async () => {
    const order = await buy("paypal", { priceMinor: 49_00 }, "paypal-e2e@example.com");
    expect(order.url).toMatch(/^https:\/\/www\.sandbox\.paypal\.com\/checkoutnow/);
    const back = await paypalReturn(
      new Request(`http://shop.test/api/v1/payments/paypal/return?order=${order.orderId}`),
    );
    expect(back.headers.get("location")).toBe(`http://shop.test/checkout/success?order=${order.orderId}`);
    const [capture] = paypal.captures.values();
    expect(capture).toMatchObject({ custom_id: order.orderId });

    const event = JSON.parse(fixture("paypal", "payment.capture.completed.json")) as Record<string, unknown>;
    const body = JSON.stringify({
      ...event,
      id: `WH-${randomUUID()}`,
      create_time: new Date().toISOString(),
      resource: capture,
    });
    await deliver(paypalWebhook, senders.signedPaypal(body)());

    const key = await buyerSeesKey(order.orderId);
    const { payment, license } = await provisioned(order.orderId, "paypal-e2e@example.com");
    expect(license).toMatchObject({ key, subscriptionId: null });
    expect(payment).toMatchObject({ provider: "paypal", providerTransactionId: capture!.id, amountMinor: 49_00 });
  });

  it("Gumroad: a membership bought on Gumroad's page, then its sale ping, read from Gumroad's copy", async () => {
    const order = await buy(
      "gumroad",
      { kind: "subscription", billingInterval: "month", priceMinor: 15_00, gumroadPermalink: "care" },
      "gumroad-e2e@example.com",
    );
    expect(new URL(order.url).searchParams.get("checkout_order_id")).toBe(order.orderId);
    const saleId = randomUUID();
    // Gumroad's copy is what counts: the ping's own price is not trusted when the sale can be read.
    gumroad.sales.set(saleId, {
      id: saleId,
      email: "gumroad-e2e@example.com",
      product_id: "care",
      price: 15_00,
      refunded: false,
      url_params: { checkout_order_id: order.orderId },
    });

    const ping = new URLSearchParams(fixture("gumroad", "sale.form"));
    ping.set("seller_id", GUMROAD.seller);
    ping.set("sale_id", saleId);
    ping.set("sale_timestamp", new Date().toISOString());
    ping.set("subscription_id", `sub-${saleId}`);
    ping.set("price", "1");
    ping.set("test", "false"); // Gumroad has no test mode: a buyer's sale is real money
    ping.set("url_params[checkout_order_id]", order.orderId);
    await deliver(gumroadWebhook, senders.gumroadPing(ping.toString())());

    const key = await buyerSeesKey(order.orderId);
    const { payment, license, subscription } = await provisioned(order.orderId, "gumroad-e2e@example.com", "live");
    expect(license.key).toBe(key);
    expect(payment).toMatchObject({ provider: "gumroad", providerTransactionId: saleId, amountMinor: 15_00 });
    expect(subscription).toMatchObject({ provider: "gumroad", providerSubscriptionId: `sub-${saleId}` });
  });
});

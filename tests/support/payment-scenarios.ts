import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import type { Database } from "@/db/client";
import { checkoutOrders, type Environment, type Provider } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { toMajorUnitsString } from "@/lib/money";
import { createCheckoutSession, CreateCheckoutInputSchema } from "@/services/payment";
import { processWebhookEvent } from "@/services/webhook/process-webhook-event";
import { storeWebhookEvent } from "@/services/webhook/store-webhook-event";
import { startFakeGumroad } from "@/tests/support/fake-gumroad";
import { PAYPAL_TEST_ENV, startFakePaypal } from "@/tests/support/fake-paypal";
import { startFakeStripe } from "@/tests/support/fake-stripe";
import { createProduct } from "@/tests/support/license-fixtures";

/** What a payment is, as its provider's event will say: by default it pays its order exactly. */
export interface Terms {
  amountMinor?: number;
  currency?: string;
  /** Names another product than the order's (another Stripe price, PayPal order, Gumroad product). */
  otherProduct?: boolean;
  /** Live or test money; by default the order's own. */
  environment?: Environment;
  /** The same payment again (a redelivery under a new event id). */
  samePaymentAs?: string;
  /** A discount code the owner set up at the provider took `amountMinor` off (Stripe: off the list price). */
  discountMinor?: number;
  /** What Gumroad records its code takes off (by default `discountMinor`); null: a code it does not list. */
  codeTakesOff?: { amount_cents: number } | { percent_off: number } | null;
  /** Who paid, as the provider says (Stripe, Gumroad, the simulated provider); by default the order's buyer. */
  payerEmail?: string;
  /** Stripe converted the price for the buyer: they paid this, in this currency. */
  presented?: { amountMinor: number; currency: string };
}

/** A stored provider event, not processed yet, and the payment it carries. */
export interface StoredPayment {
  eventId: string;
  paymentId: string;
}

/** One provider's orders and payment events, made as the provider makes them (through its fake). */
export interface PaymentScenario {
  provider: Provider;
  /** What the provider's events can say, and so which rules apply. */
  can: { nameProduct: boolean; liveOrders: boolean; failOrders: boolean };
  /** A new pending order for a new one-time product of 49.00 USD, through the provider's checkout. */
  order(options?: { live?: boolean }): Promise<string>;
  /** The provider's event that the order was paid on these terms, stored as the intake stores it. */
  pay(orderId: string, terms?: Terms): Promise<StoredPayment>;
  /** The provider's event that the order's payment failed, stored. */
  fail(orderId: string): Promise<string>;
}

export const PRICE = 49_00;
/** Lets provisioning read Gumroad's copy of sales and codes (the fake's); unset it to read pings alone. */
export const GUMROAD_ACCESS_TOKEN = "gumroad-scenarios-access-token";

/** The test's database and fakes, as they are when a scenario runs (they start after the scenarios are listed). */
interface Fakes {
  db: () => Database;
  stripe: () => Awaited<ReturnType<typeof startFakeStripe>>;
  paypal: () => ReturnType<typeof startFakePaypal>;
  gumroad: () => ReturnType<typeof startFakeGumroad>;
}

const store = async (db: Database, provider: Provider, type: string, environment: Environment, body: string) =>
  (await storeWebhookEvent(db, provider, { providerEventId: `${provider}-${randomUUID()}`, type, environment }, body))
    .id;

async function placeOrder(db: Database, provider: Provider, product: Parameters<typeof createProduct>[1]) {
  const created = await createProduct(db, { priceMinor: PRICE, currency: "USD", ...product });
  const input = CreateCheckoutInputSchema.parse({ productSlug: created.slug, provider, email: "buyer@example.com" });
  const { orderId } = await createCheckoutSession(input, { db });
  const [order] = await db.select().from(checkoutOrders).where(eq(checkoutOrders.id, orderId));
  return { order: order!, product: created };
}

/** Each provider's scenario, over the fakes the test started. */
export function paymentScenarios({ db, stripe, paypal, gumroad }: Fakes): PaymentScenario[] {
  const stripePrices = new Map<string, string>();
  const stripeSessions = new Map<string, string>();
  const stripeScenario: PaymentScenario = {
    provider: "stripe",
    can: { nameProduct: true, liveOrders: true, failOrders: true },
    async order({ live = false } = {}) {
      const price = `price_${randomUUID().slice(0, 8)}`;
      // Stripe's keys say whose money they take: a live key makes live orders.
      if (live) setProcessEnv({ STRIPE_SECRET_KEY: "sk_live_scenarios" });
      try {
        const { order } = await placeOrder(db(), "stripe", { stripePriceId: price });
        stripePrices.set(order.id, price);
        return order.id;
      } finally {
        if (live) setProcessEnv({ STRIPE_SECRET_KEY: "sk_test_scenarios" });
      }
    },
    async pay(orderId, terms = {}) {
      const [order] = await db().select().from(checkoutOrders).where(eq(checkoutOrders.id, orderId));
      const environment = terms.environment ?? order!.environment;
      const again = terms.samePaymentAs && stripeSessions.get(terms.samePaymentAs);
      const session = again || `cs_${randomUUID()}`;
      const paymentId = terms.samePaymentAs ?? `pi_${randomUUID()}`;
      if (!again) {
        const listPrice = terms.amountMinor ?? PRICE;
        const paid = listPrice - (terms.discountMinor ?? 0);
        stripe().objects.set(session, {
          id: session,
          object: "checkout.session",
          client_reference_id: orderId,
          metadata: { checkout_order_id: orderId },
          mode: "payment",
          payment_status: "paid",
          payment_intent: paymentId,
          subscription: null,
          invoice: null,
          amount_subtotal: terms.presented?.amountMinor ?? listPrice,
          amount_total: terms.presented?.amountMinor ?? paid,
          currency: (terms.presented?.currency ?? terms.currency ?? "USD").toLowerCase(),
          customer_details: { email: terms.payerEmail ?? "buyer@example.com" },
          discounts: terms.discountMinor ? [{ coupon: "co_launch", promotion_code: "promo_LAUNCH" }] : [],
          total_details: { amount_discount: terms.discountMinor ?? 0, amount_shipping: 0, amount_tax: 0 },
          currency_conversion: terms.presented
            ? { amount_subtotal: listPrice, amount_total: paid, fx_rate: "0.9", source_currency: "usd" }
            : null,
          line_items: {
            object: "list",
            data: [
              { id: `li_${session}`, price: { id: terms.otherProduct ? "price_other" : stripePrices.get(orderId) } },
            ],
          },
          livemode: environment === "live",
        });
        stripeSessions.set(paymentId, session);
      }
      const body = JSON.stringify({
        id: `evt_${randomUUID()}`,
        object: "event",
        type: "checkout.session.completed",
        created: Math.floor(Date.now() / 1000),
        livemode: environment === "live",
        data: { object: { id: session } },
      });
      return { eventId: await store(db(), "stripe", "checkout.session.completed", environment, body), paymentId };
    },
    async fail(orderId) {
      const [order] = await db().select().from(checkoutOrders).where(eq(checkoutOrders.id, orderId));
      const type = "checkout.session.async_payment_failed";
      const body = JSON.stringify({
        id: `evt_${randomUUID()}`,
        type,
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: order!.providerCheckoutId } },
      });
      return store(db(), "stripe", type, order!.environment, body);
    },
  };

  const paypalCaptures = new Map<string, string>();
  const capture = async (orderId: string, terms: Terms, status = "COMPLETED") => {
    const [order] = await db().select().from(checkoutOrders).where(eq(checkoutOrders.id, orderId));
    const captureId = terms.samePaymentAs ?? `3C${randomUUID().slice(0, 12).toUpperCase()}`;
    if (!terms.samePaymentAs) {
      const currency = terms.currency ?? "USD";
      paypal().captures.set(captureId, {
        id: captureId,
        status,
        custom_id: orderId,
        amount: {
          currency_code: currency,
          value: toMajorUnitsString({ amountMinor: terms.amountMinor ?? PRICE, currency }),
        },
        // A capture of another PayPal order (one made elsewhere naming our order id).
        supplementary_data: {
          related_ids: { order_id: terms.otherProduct ? "5O0THERORDER" : order!.providerCheckoutId },
        },
      });
    }
    paypalCaptures.set(captureId, orderId);
    return { captureId, environment: terms.environment ?? order!.environment };
  };
  const paypalEvent = (type: string, captureId: string) =>
    JSON.stringify({
      id: `WH-${randomUUID()}`,
      event_type: type,
      create_time: new Date().toISOString(),
      resource: { id: captureId },
    });
  const paypalScenario: PaymentScenario = {
    provider: "paypal",
    // The fake PayPal answers the sandbox only: its orders are test orders.
    can: { nameProduct: true, liveOrders: false, failOrders: true },
    async order() {
      return (await placeOrder(db(), "paypal", {})).order.id;
    },
    async pay(orderId, terms = {}) {
      const { captureId, environment } = await capture(orderId, terms);
      const type = "PAYMENT.CAPTURE.COMPLETED";
      return {
        eventId: await store(db(), "paypal", type, environment, paypalEvent(type, captureId)),
        paymentId: captureId,
      };
    },
    async fail(orderId) {
      const { captureId, environment } = await capture(orderId, {}, "DECLINED");
      const type = "PAYMENT.CAPTURE.DENIED";
      return store(db(), "paypal", type, environment, paypalEvent(type, captureId));
    },
  };

  const gumroadPermalinks = new Map<string, string>();
  const gumroadScenario: PaymentScenario = {
    provider: "gumroad",
    can: { nameProduct: true, liveOrders: true, failOrders: false },
    async order() {
      const permalink = `kit-${randomUUID().slice(0, 8)}`;
      const { order } = await placeOrder(db(), "gumroad", { gumroadPermalink: permalink });
      gumroadPermalinks.set(order.id, permalink);
      return order.id;
    },
    async pay(orderId, terms = {}) {
      const environment = terms.environment ?? "live";
      const saleId = terms.samePaymentAs ?? `sale_${randomUUID()}`;
      const permalink = terms.otherProduct ? "cheaper-kit" : gumroadPermalinks.get(orderId)!;
      const productId = `id-${permalink}==`;
      const sale = {
        id: saleId,
        email: terms.payerEmail ?? "buyer@example.com",
        product_id: productId,
        product_permalink: `https://seller.gumroad.com/l/${permalink}`,
        price: (terms.amountMinor ?? PRICE) - (terms.discountMinor ?? 0),
        currency: (terms.currency ?? "usd").toLowerCase(),
        refunded: false,
        url_params: { checkout_order_id: orderId },
        offer_code: terms.discountMinor ? { name: "LAUNCH", displayed_amount_off: "some" } : null,
      };
      // Gumroad's copy of the sale, and of the seller's codes, which provisioning reads.
      if (!terms.samePaymentAs) gumroad().sales.set(saleId, sale);
      if (terms.discountMinor) gumroad().offerCodes.delete(productId);
      const takesOff =
        terms.codeTakesOff === undefined ? { amount_cents: terms.discountMinor ?? 0 } : terms.codeTakesOff;
      if (terms.discountMinor && takesOff)
        gumroad().offerCodes.set(productId, [{ id: "oc_1", name: "launch", ...takesOff }]);
      const ping = new URLSearchParams({
        seller_id: "seller-scenarios",
        sale_id: saleId,
        sale_timestamp: new Date().toISOString(),
        product_id: productId,
        permalink,
        product_permalink: sale.product_permalink,
        email: sale.email,
        price: String(sale.price),
        currency: sale.currency,
        "url_params[checkout_order_id]": orderId,
        test: String(environment === "test"),
        ...(terms.discountMinor && { offer_code: "LAUNCH" }),
      });
      return { eventId: await store(db(), "gumroad", "sale", environment, ping.toString()), paymentId: saleId };
    },
    fail() {
      throw new Error("Gumroad sends no event for a payment that failed");
    },
  };

  const simulatedEvent = (type: string, data: Record<string, unknown>) =>
    JSON.stringify({ id: `sim_evt_${randomUUID()}`, type, created: new Date().toISOString(), data });
  const simulatedScenario: PaymentScenario = {
    provider: "simulated",
    can: { nameProduct: false, liveOrders: false, failOrders: true },
    async order() {
      return (await placeOrder(db(), "simulated", {})).order.id;
    },
    async pay(orderId, terms = {}) {
      const paymentId = terms.samePaymentAs ?? `sim_pay_${randomUUID()}`;
      const body = simulatedEvent("checkout.completed", {
        orderId,
        email: terms.payerEmail ?? "buyer@example.com",
        amountMinor: terms.amountMinor ?? PRICE,
        currency: terms.currency ?? "USD",
        paymentId,
        subscriptionId: null,
      });
      return { eventId: await store(db(), "simulated", "checkout.completed", "test", body), paymentId };
    },
    async fail(orderId) {
      return store(db(), "simulated", "checkout.failed", "test", simulatedEvent("checkout.failed", { orderId }));
    },
  };

  return [stripeScenario, paypalScenario, gumroadScenario, simulatedScenario];
}

/**
 * Every provider's fake started for the file's tests, this process configured to take payments
 * through each (the simulated provider on beside them), and each provider's scenario over them.
 */
export function setupPaymentScenarios(db: () => Database, env: Record<string, string> = {}) {
  let stripe: Awaited<ReturnType<typeof startFakeStripe>> | undefined;
  let paypal: ReturnType<typeof startFakePaypal> | undefined;
  let gumroad: ReturnType<typeof startFakeGumroad> | undefined;
  beforeAll(async () => {
    stripe = await startFakeStripe();
    paypal = startFakePaypal();
    gumroad = startFakeGumroad({ accessToken: GUMROAD_ACCESS_TOKEN });
    setProcessEnv({
      ...PAYPAL_TEST_ENV,
      STRIPE_SECRET_KEY: "sk_test_scenarios",
      STRIPE_WEBHOOK_SECRET: "whsec_scenarios",
      STRIPE_API_BASE: stripe.url,
      GUMROAD_SELLER_ID: "seller-scenarios",
      GUMROAD_PING_TOKEN: "g".repeat(32),
      GUMROAD_ACCESS_TOKEN,
      SIMULATED_PROVIDER: "true",
      APP_URL: "http://shop.test",
      ...env,
    });
  });
  afterAll(async () => {
    gumroad?.close();
    paypal?.close();
    await stripe?.close();
  });
  const fakes = { stripe: () => stripe!, paypal: () => paypal!, gumroad: () => gumroad! };
  const [stripeScenario, paypalScenario, gumroadScenario, simulatedScenario] = paymentScenarios({ db, ...fakes });
  return {
    ...fakes,
    scenarios: {
      stripe: stripeScenario!,
      paypal: paypalScenario!,
      gumroad: gumroadScenario!,
      simulated: simulatedScenario!,
    },
  };
}

/**
 * A PayPal subscription order for a new monthly product of 19.00 USD on `planId`, active at PayPal,
 * and its sales as PayPal sends them (stored and processed, answering the outcome).
 */
export async function paypalSubscriptionOrder(
  db: Database,
  paypal: ReturnType<typeof startFakePaypal>,
  planId = `P-${randomUUID().slice(0, 8)}`,
) {
  const { order } = await placeOrder(db, "paypal", {
    kind: "subscription",
    billingInterval: "month",
    priceMinor: 19_00,
    paypalPlanId: planId,
  });
  const subscriptionId = order.providerCheckoutId!;
  paypal.subscriptions.set(subscriptionId, {
    id: subscriptionId,
    status: "ACTIVE",
    plan_id: planId,
    custom_id: order.id,
  });
  const sale = async (saleId: string, total: string) => {
    const type = "PAYMENT.SALE.COMPLETED";
    const body = JSON.stringify({
      id: `WH-${randomUUID()}`,
      event_type: type,
      create_time: new Date().toISOString(),
      resource: {
        id: saleId,
        state: "completed",
        amount: { total, currency: "USD" },
        billing_agreement_id: subscriptionId,
      },
    });
    return processWebhookEvent(db, await store(db, "paypal", type, "test", body));
  };
  return { orderId: order.id, subscriptionId, sale };
}

import { randomUUID } from "node:crypto";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checkoutOrders, licenses, paymentMismatches, tenants, transactions, webhookEvents } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { createCheckoutSession, CreateCheckoutInputSchema } from "@/services/payment";
import { processWebhookEvent } from "@/services/webhook/process-webhook-event";
import { processWebhookEvents } from "@/services/webhook/process-webhook-events";
import { storeWebhookEvent } from "@/services/webhook/store-webhook-event";
import { createProduct } from "@/tests/support/license-fixtures";
import {
  GUMROAD_ACCESS_TOKEN,
  PRICE,
  paypalSubscriptionOrder,
  setupPaymentScenarios,
  type StoredPayment,
} from "@/tests/support/payment-scenarios";
import { setupTestDatabase } from "@/tests/support/test-database";

/**
 * A payment buys only what it paid for: every provider's payment is checked against the order it
 * names before anything is licensed. Each rule, for each provider that can break it.
 */
const database = setupTestDatabase();
const db = () => database.current.connection.db;
const fakes = setupPaymentScenarios(db);
const scenarios = Object.values(fakes.scenarios);
const { stripe: stripeScenario, gumroad: gumroadScenario } = fakes.scenarios;

const orderRow = async (id: string) => (await db().select().from(checkoutOrders).where(eq(checkoutOrders.id, id)))[0]!;
const licensesOf = async (orderId: string) =>
  (await db().select({ n: count() }).from(licenses).where(eq(licenses.checkoutOrderId, orderId)))[0]!.n;
const paymentRow = async (paymentId: string) =>
  (await db().select().from(transactions).where(eq(transactions.providerTransactionId, paymentId)))[0];

/** The payment was held: recorded, nothing licensed for it, its event failed naming the reason, open for the owner. */
async function expectHeld(orderId: string, { eventId, paymentId }: StoredPayment, detail: string | RegExp) {
  const licensed = await licensesOf(orderId);
  expect(await processWebhookEvent(db(), eventId)).toBe("held");
  const [event] = await db().select().from(webhookEvents).where(eq(webhookEvents.id, eventId));
  expect(event).toMatchObject({
    status: "failed",
    lastError: typeof detail === "string" ? detail : expect.stringMatching(detail),
  });
  expect(await licensesOf(orderId)).toBe(licensed);
  const payment = await paymentRow(paymentId);
  // The payer's, tied to no order: nothing the order named answers for it (a refund, a dispute).
  expect(payment).toMatchObject({ kind: "payment", status: "succeeded", checkoutOrderId: null });
  const [held] = await db().select().from(paymentMismatches).where(eq(paymentMismatches.transactionId, payment!.id));
  expect(held).toMatchObject({
    status: "open",
    detail: event!.lastError,
    webhookEventId: eventId,
    checkoutOrderId: orderId,
  });
  expect(event!.lastError).toMatch(new RegExp(`^${held!.reason}: `));
  // Not retried: processing it again leaves it as it is.
  expect(await processWebhookEvent(db(), eventId)).toBe("skipped");
  return held!;
}

describe.each(scenarios)("a $provider payment checked against its order", (scenario) => {
  const liveOrder = scenario.can.liveOrders || scenario.provider === "gumroad";

  it("provisions a payment of the order's amount; its redelivery under a new event id changes nothing", async () => {
    const orderId = await scenario.order();
    const paid = await scenario.pay(orderId);
    expect(await processWebhookEvent(db(), paid.eventId)).toBe("processed");
    expect(await orderRow(orderId)).toMatchObject({ status: "paid", providerPaymentId: paid.paymentId });
    expect(await licensesOf(orderId)).toBe(1);
    const again = await scenario.pay(orderId, { samePaymentAs: paid.paymentId });
    expect(await processWebhookEvent(db(), again.eventId)).toBe("processed");
    expect(await licensesOf(orderId)).toBe(1);
    expect(await db().select().from(transactions).where(eq(transactions.checkoutOrderId, orderId))).toHaveLength(1);
  });

  it("holds a payment of less than the order's amount", async () => {
    const orderId = await scenario.order();
    const paid = await scenario.pay(orderId, { amountMinor: 1 });
    await expectHeld(orderId, paid, "amount_mismatch: paid 1 USD, order 4900 USD");
    expect(await orderRow(orderId)).toMatchObject({ status: "pending", providerPaymentId: null });
  });

  it("holds a payment in another currency, even of the same figure", async () => {
    const orderId = await scenario.order();
    await expectHeld(
      orderId,
      await scenario.pay(orderId, { currency: "EUR" }),
      "currency_mismatch: paid 4900 EUR, order 4900 USD",
    );
  });

  it.runIf(scenario.can.nameProduct)("holds a payment for another product than the order's", async () => {
    const orderId = await scenario.order();
    await expectHeld(
      orderId,
      await scenario.pay(orderId, { otherProduct: true }),
      /^product_mismatch: paid for (stripe_price price_other|paypal_order 5O0THERORDER|gumroad_product id-cheaper-kit== \/ .*), order for \S+$/,
    );
  });

  it("holds a second payment for an order another payment has paid", async () => {
    const orderId = await scenario.order();
    const first = await scenario.pay(orderId);
    await processWebhookEvent(db(), first.eventId);
    const second = await scenario.pay(orderId);
    await expectHeld(orderId, second, `order_already_paid: order paid by ${first.paymentId}`);
    expect(await orderRow(orderId)).toMatchObject({ status: "paid", providerPaymentId: first.paymentId });
  });

  it.runIf(scenario.can.failOrders)(
    "lets a failed order be paid after all, honestly, and not for one minor unit",
    async () => {
      const orderId = await scenario.order();
      await processWebhookEvent(db(), await scenario.fail(orderId));
      expect(await orderRow(orderId)).toMatchObject({ status: "failed" });
      await expectHeld(
        orderId,
        await scenario.pay(orderId, { amountMinor: 1 }),
        "amount_mismatch: paid 1 USD, order 4900 USD",
      );
      expect(await orderRow(orderId)).toMatchObject({ status: "failed" });
      const honest = await scenario.pay(orderId);
      expect(await processWebhookEvent(db(), honest.eventId)).toBe("processed");
      expect(await orderRow(orderId)).toMatchObject({ status: "paid", providerPaymentId: honest.paymentId });
      expect(await licensesOf(orderId)).toBe(1);
    },
  );

  it.runIf(scenario.provider !== "simulated")(
    "never lets test money pay a live order, nor live money a test order",
    async () => {
      const orderId = await scenario.order({ live: true });
      const order = await orderRow(orderId);
      expect(order.environment).toBe(liveOrder ? "live" : "test");
      const other = order.environment === "live" ? "test" : "live";
      await expectHeld(
        orderId,
        await scenario.pay(orderId, { environment: other }),
        `environment_mismatch: ${other} payment, ${order.environment} order`,
      );
    },
  );

  it("holds a mismatch inside a batch of good payments; the others provision together", async () => {
    const good = await Promise.all([1, 2, 3].map(() => scenario.order()));
    const bad = await scenario.order();
    const payments = [
      ...(await Promise.all(good.map((orderId) => scenario.pay(orderId)))),
      await scenario.pay(bad, { amountMinor: PRICE - 1 }),
    ];
    const outcomes = await processWebhookEvents(
      db(),
      payments.map((payment) => payment.eventId),
    );
    expect(outcomes).toEqual([
      { ok: true, outcome: "processed" },
      { ok: true, outcome: "processed" },
      { ok: true, outcome: "processed" },
      { ok: true, outcome: "held" },
    ]);
    for (const orderId of good) expect(await licensesOf(orderId)).toBe(1);
    expect(await licensesOf(bad)).toBe(0);
    expect(await paymentRow(payments[3]!.paymentId)).toMatchObject({ checkoutOrderId: null, amountMinor: PRICE - 1 });
    const [event] = await db().select().from(webhookEvents).where(eq(webhookEvents.id, payments[3]!.eventId));
    expect(event).toMatchObject({ status: "failed", lastError: "amount_mismatch: paid 4899 USD, order 4900 USD" });
  });
});

describe("what only some providers can say", () => {
  it("a Gumroad sale of a cheaper product naming a dearer product's order licenses nothing (the URL parameter is the buyer's)", async () => {
    const orderId = await gumroadScenario.order();
    await db().update(checkoutOrders).set({ amountMinor: 1_490_00 }).where(eq(checkoutOrders.id, orderId));
    const held = await expectHeld(
      orderId,
      await gumroadScenario.pay(orderId, { otherProduct: true, amountMinor: 79_00 }),
      /^product_mismatch: paid for gumroad_product id-cheaper-kit== \/ https:\/\/seller\.gumroad\.com\/l\/cheaper-kit, order for kit-[0-9a-f]{8}$/,
    );
    expect(held.reason).toBe("product_mismatch");
    expect(await orderRow(orderId)).toMatchObject({ status: "pending" });
  });

  it("a PayPal subscription to another plan naming the order licenses nothing; one to the product's plan does", async () => {
    for (const [plan, outcome] of [
      ["P-CHEAPER", "held"],
      ["P-CARE", "processed"],
    ] as const) {
      const product = await createProduct(db(), {
        kind: "subscription",
        billingInterval: "month",
        priceMinor: 19_00,
        paypalPlanId: "P-CARE",
      });
      const input = CreateCheckoutInputSchema.parse({
        productSlug: product.slug,
        provider: "paypal",
        email: "p@example.com",
      });
      const { orderId } = await createCheckoutSession(input, { db: db() });
      // One made elsewhere with PayPal's own buttons, naming our order in its custom_id.
      const subscriptionId = `I-${randomUUID().slice(0, 10)}`;
      fakes.paypal().subscriptions.set(subscriptionId, {
        id: subscriptionId,
        status: "ACTIVE",
        plan_id: plan,
        custom_id: orderId,
      });
      const saleId = `8S${randomUUID().slice(0, 12)}`;
      const body = JSON.stringify({
        id: `WH-${randomUUID()}`,
        event_type: "PAYMENT.SALE.COMPLETED",
        create_time: new Date().toISOString(),
        resource: {
          id: saleId,
          state: "completed",
          amount: { total: "19.00", currency: "USD" },
          billing_agreement_id: subscriptionId,
        },
      });
      const stored = await storeWebhookEvent(
        db(),
        "paypal",
        { providerEventId: `WH-${randomUUID()}`, type: "PAYMENT.SALE.COMPLETED", environment: "test" },
        body,
      );
      expect(await processWebhookEvent(db(), stored.id), plan).toBe(outcome);
      expect(await licensesOf(orderId)).toBe(outcome === "held" ? 0 : 1);
      if (outcome === "held") {
        const [event] = await db().select().from(webhookEvents).where(eq(webhookEvents.id, stored.id));
        expect(event!.lastError).toBe("product_mismatch: paid for paypal_plan P-CHEAPER, order for P-CARE");
      }
    }
  });

  it("an order that expired is paid by no payment", async () => {
    const orderId = await stripeScenario.order();
    await db().update(checkoutOrders).set({ status: "expired" }).where(eq(checkoutOrders.id, orderId));
    await expectHeld(orderId, await stripeScenario.pay(orderId), "order_not_payable: order expired");
  });

  it("a payment through another provider than the order's licenses nothing", async () => {
    const stripeOrder = await stripeScenario.order();
    await expectHeld(
      stripeOrder,
      await gumroadScenario.pay(stripeOrder, { otherProduct: true }),
      "provider_mismatch: paid through gumroad, order for stripe",
    );
  });

  it("a discount the owner set up at Stripe or Gumroad pays an order at the discounted amount", async () => {
    for (const scenario of [stripeScenario, gumroadScenario]) {
      const orderId = await scenario.order();
      const paid = await scenario.pay(orderId, { discountMinor: 10_00 });
      expect(await processWebhookEvent(db(), paid.eventId), scenario.provider).toBe("processed");
      expect(await paymentRow(paid.paymentId)).toMatchObject({ amountMinor: PRICE - 10_00 });
      expect(await licensesOf(orderId)).toBe(1);
    }
    // A Stripe discount off a list price below the order's does not make up the difference.
    const orderId = await stripeScenario.order();
    await expectHeld(
      orderId,
      await stripeScenario.pay(orderId, { amountMinor: 10_00, discountMinor: 5_00 }),
      "amount_mismatch: paid 500 USD with code promo_LAUNCH (list price 1000), order 4900 USD",
    );
  });

  it("a price Stripe converted for the buyer pays the order in the order's currency", async () => {
    const orderId = await stripeScenario.order();
    const paid = await stripeScenario.pay(orderId, { presented: { amountMinor: 45_00, currency: "EUR" } });
    expect(await processWebhookEvent(db(), paid.eventId)).toBe("processed");
    expect(await paymentRow(paid.paymentId)).toMatchObject({ amountMinor: 45_00, currency: "EUR" });
    const short = await stripeScenario.order();
    await expectHeld(
      short,
      await stripeScenario.pay(short, { amountMinor: 40_00, presented: { amountMinor: 36_00, currency: "EUR" } }),
      "amount_mismatch: paid 3600 EUR (4000 USD converted), order 4900 USD",
    );
  });
});

describe("a held payment is its payer's, not the order's", () => {
  const tenantOf = async (paymentId: string) => {
    const [row] = await db()
      .select({ email: tenants.email, domain: tenants.domain })
      .from(transactions)
      .innerJoin(tenants, eq(tenants.id, transactions.tenantId))
      .where(eq(transactions.providerTransactionId, paymentId));
    return row;
  };

  it.each(["stripe", "gumroad", "simulated"] as const)(
    "%s: recorded under the email the provider says paid, taking no domain",
    async (provider) => {
      const scenario = fakes.scenarios[provider];
      const orderId = await scenario.order();
      const paid = await scenario.pay(orderId, { amountMinor: 1, payerEmail: `Stranger-${provider}@Example.com` });
      expect(await processWebhookEvent(db(), paid.eventId)).toBe("held");
      expect(await tenantOf(paid.paymentId)).toEqual({ email: `stranger-${provider}@example.com`, domain: null });
    },
  );

  it("its refund or dispute leaves the license of the order it named alone", async () => {
    const orderId = await stripeScenario.order();
    const first = await stripeScenario.pay(orderId);
    await processWebhookEvent(db(), first.eventId);
    const second = await stripeScenario.pay(orderId, { payerEmail: "stranger@example.com" });
    expect(await processWebhookEvent(db(), second.eventId)).toBe("held");

    const stripe = fakes.stripe();
    const dispute = `dp_${randomUUID()}`;
    stripe.objects.set(dispute, {
      id: dispute,
      object: "dispute",
      payment_intent: second.paymentId,
      status: "needs_response",
    });
    const charge = `ch_${randomUUID()}`;
    stripe.objects.set(charge, { id: charge, object: "charge", payment_intent: second.paymentId });
    const refund = `re_${randomUUID()}`;
    stripe.objects.set(refund, {
      id: refund,
      object: "refund",
      payment_intent: second.paymentId,
      amount: PRICE,
      currency: "usd",
      status: "succeeded",
    });
    for (const [type, objectId] of [
      ["charge.dispute.created", dispute],
      ["charge.refunded", charge],
    ]) {
      const body = JSON.stringify({
        id: `evt_${randomUUID()}`,
        type,
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: objectId } },
      });
      const stored = await storeWebhookEvent(
        db(),
        "stripe",
        { providerEventId: `evt_${randomUUID()}`, type: type!, environment: "test" },
        body,
      );
      expect(await processWebhookEvent(db(), stored.id), type).toBe("processed");
    }
    expect(await paymentRow(second.paymentId)).toMatchObject({ status: "refunded" });
    const [license] = await db().select().from(licenses).where(eq(licenses.checkoutOrderId, orderId));
    expect(license).toMatchObject({ status: "active", statusReason: null });
  });
});

describe("a discount counts for what the provider records it takes off, no more", () => {
  it("a Gumroad code for 5% off does not make 1.00 pay an order of 1,490.00 on the same page", async () => {
    const orderId = await gumroadScenario.order();
    await db().update(checkoutOrders).set({ amountMinor: 1_490_00 }).where(eq(checkoutOrders.id, orderId));
    await expectHeld(
      orderId,
      await gumroadScenario.pay(orderId, { amountMinor: 1_05, discountMinor: 5, codeTakesOff: { percent_off: 5 } }),
      "amount_mismatch: paid 100 USD with code LAUNCH (5% off), order 149000 USD",
    );
  });

  it("a Gumroad code for 20% off pays 80% of the order, rounded as Gumroad rounds", async () => {
    const orderId = await gumroadScenario.order();
    const paid = await gumroadScenario.pay(orderId, { discountMinor: 9_80, codeTakesOff: { percent_off: 20 } });
    expect(await processWebhookEvent(db(), paid.eventId)).toBe("processed");
    expect(await licensesOf(orderId)).toBe(1);
  });

  it("a code Gumroad does not list, or one read without an access token to ask, takes nothing off", async () => {
    const unlisted = await gumroadScenario.order();
    await expectHeld(
      unlisted,
      await gumroadScenario.pay(unlisted, { discountMinor: 10_00, codeTakesOff: null }),
      "amount_mismatch: paid 3900 USD, order 4900 USD",
    );
    setProcessEnv({ GUMROAD_ACCESS_TOKEN: undefined });
    try {
      const unasked = await gumroadScenario.order();
      await expectHeld(
        unasked,
        await gumroadScenario.pay(unasked, { discountMinor: 10_00 }),
        "amount_mismatch: paid 3900 USD, order 4900 USD",
      );
    } finally {
      setProcessEnv({ GUMROAD_ACCESS_TOKEN });
    }
  });
});

describe("a held payment stays held until the owner decides", () => {
  it("whatever its events say later: Gumroad listing the code afterwards pays nothing", async () => {
    const orderId = await gumroadScenario.order();
    const paid = await gumroadScenario.pay(orderId, { discountMinor: 10_00, codeTakesOff: null });
    expect(await processWebhookEvent(db(), paid.eventId)).toBe("held");
    // The code turns up at Gumroad, and the sale is delivered again.
    const again = await gumroadScenario.pay(orderId, {
      samePaymentAs: paid.paymentId,
      discountMinor: 10_00,
      codeTakesOff: { amount_cents: 10_00 },
    });
    expect(await processWebhookEvent(db(), again.eventId)).toBe("held");
    const [event] = await db().select().from(webhookEvents).where(eq(webhookEvents.id, again.eventId));
    expect(event).toMatchObject({ status: "failed", lastError: "amount_mismatch: paid 3900 USD, order 4900 USD" });
    expect(await orderRow(orderId)).toMatchObject({ status: "pending" });
    expect(await licensesOf(orderId)).toBe(0);
    expect(await paymentRow(paid.paymentId)).toMatchObject({ checkoutOrderId: null });
  });

  it("a PayPal subscription's short first sale, sent again after a full one paid the order, renews nothing", async () => {
    const { orderId, sale } = await paypalSubscriptionOrder(db(), fakes.paypal());
    expect(await sale("8SSHORT", "1.00")).toBe("held");
    expect(await sale("8SFULL", "19.00")).toBe("processed");
    const licensed = (await db().select().from(licenses).where(eq(licenses.checkoutOrderId, orderId)))[0]!;
    await sale("8SSHORT", "1.00");
    expect((await db().select().from(licenses).where(eq(licenses.checkoutOrderId, orderId)))[0]!.expiresAt).toEqual(
      licensed.expiresAt,
    );
    expect(await paymentRow("8SSHORT")).toMatchObject({ checkoutOrderId: null });
    const [held] = await db().select().from(paymentMismatches).where(eq(paymentMismatches.checkoutOrderId, orderId));
    expect(held).toMatchObject({ status: "open", reason: "amount_mismatch" });
  });
});

describe("what the provider says of the payer, and of its codes, is taken with care", () => {
  it("a payer email that is not one, or has control characters, leaves the payment under the order's buyer", async () => {
    for (const payerEmail of ["not an email", "a\u0000b@example.com", `${"x".repeat(250)}@example.com`]) {
      const orderId = await stripeScenario.order();
      const paid = await stripeScenario.pay(orderId, { amountMinor: 1, payerEmail });
      expect(await processWebhookEvent(db(), paid.eventId)).toBe("held");
      const [row] = await db()
        .select({ email: tenants.email })
        .from(transactions)
        .innerJoin(tenants, eq(tenants.id, transactions.tenantId))
        .where(eq(transactions.providerTransactionId, paid.paymentId));
      expect(row).toEqual({ email: "buyer@example.com" });
    }
  });

  it("a code Gumroad will not tell about (403, 404) explains nothing; Gumroad away is asked again", async () => {
    const gumroad = fakes.gumroad();
    const orderId = await gumroadScenario.order();
    gumroad.failCall("/offer_codes", 403);
    await expectHeld(
      orderId,
      await gumroadScenario.pay(orderId, { discountMinor: 10_00 }),
      "amount_mismatch: paid 3900 USD, order 4900 USD",
    );
    const other = await gumroadScenario.order();
    gumroad.failCall("/offer_codes", 503);
    const paid = await gumroadScenario.pay(other, { discountMinor: 10_00 });
    expect(await processWebhookEvent(db(), paid.eventId).catch((e: unknown) => e)).toMatchObject({
      code: "gateway_error",
      details: { transient: true },
    });
    expect(await processWebhookEvent(db(), paid.eventId)).toBe("processed");
    expect(await licensesOf(other)).toBe(1);
  });
});

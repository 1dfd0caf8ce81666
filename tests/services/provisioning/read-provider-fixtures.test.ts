import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Provider } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { readProvisioningEvent } from "@/services/provisioning";
import { HANDLED_EVENT_TYPES } from "@/services/webhook/handled-event-types";
import { PAYPAL_TEST_ENV, startFakePaypal } from "@/tests/support/fake-paypal";
import { startFakeStripe } from "@/tests/support/fake-stripe";

/**
 * Every event type provisioning handles, as its provider sends it (tests/fixtures/<provider>/),
 * read against the provider's own copy of the objects it names (objects.json, which the fakes
 * serve): each means what it should.
 */
const ORDER = "00000000-0000-4000-8000-000000000001";
/** When the intake stored each fixture's delivery. */
const RECEIVED_AT = new Date("2026-11-26T08:00:00Z");
const usd = (amountMinor: number) => ({ amountMinor, currency: "USD" });
const at = (iso: string) => new Date(iso);
const synced = (providerSubscriptionId: string, status: string, more: Record<string, unknown> = {}) => ({
  kind: "subscription_synced",
  providerSubscriptionId,
  status,
  ...more,
});
/** What the event must read as (a part of a `ProvisioningEvent`). */
type Expected = Record<string, unknown>;

const STRIPE: Record<string, Expected> = {
  "checkout.session.completed": {
    kind: "payment_completed",
    orderId: ORDER,
    providerPaymentId: "pi_3Qpaid",
    providerSubscriptionId: null,
    ...usd(4900),
  },
  "checkout.session.async_payment_succeeded": { kind: "payment_completed", orderId: ORDER, ...usd(4900) },
  "checkout.session.async_payment_failed": { kind: "payment_failed", orderId: ORDER },
  "invoice.paid": {
    kind: "subscription_renewed",
    providerSubscriptionId: "sub_1Qcare",
    providerPaymentId: "pi_3Qrenewal",
    paidThrough: new Date(1_800_200_000 * 1000),
    ...usd(2900),
  },
  "invoice.payment_failed": synced("sub_1Qpastdue", "past_due"),
  "customer.subscription.updated": synced("sub_1Qcare", "active", {
    currentPeriodEnd: new Date(1_797_600_000 * 1000),
    cancelAtPeriodEnd: false,
  }),
  "customer.subscription.deleted": synced("sub_1Qended", "canceled"),
  "charge.refunded": {
    kind: "payment_refunded",
    providerPaymentId: "pi_3Qpaid",
    refunds: [{ providerRefundId: "re_3Qpaid", ...usd(4900) }],
  },
  "charge.dispute.created": { kind: "dispute_opened", providerPaymentId: "pi_3Qpaid" },
  "charge.dispute.closed": { kind: "dispute_lost", providerPaymentId: "pi_3Qpaid" },
};

const CAPTURE = "2GG279541U471931P";
const PAYPAL: Record<string, Expected> = {
  "CHECKOUT.ORDER.APPROVED": { kind: "recorded_only" },
  "PAYMENT.CAPTURE.COMPLETED": {
    kind: "payment_completed",
    orderId: ORDER,
    providerPaymentId: CAPTURE,
    occurredAt: at("2026-11-20T10:00:00.000Z"),
    ...usd(4900),
  },
  "PAYMENT.CAPTURE.DENIED": { kind: "payment_failed", orderId: ORDER },
  "PAYMENT.CAPTURE.REFUNDED": {
    kind: "payment_refunded",
    providerPaymentId: CAPTURE,
    refunds: [{ providerRefundId: "1JU08902781691411", ...usd(4900) }],
  },
  // The reversal is a refund of its own; what it takes back is the capture it links up to.
  "PAYMENT.CAPTURE.REVERSED": { kind: "dispute_lost", providerPaymentId: CAPTURE },
  "PAYMENT.SALE.COMPLETED": {
    kind: "subscription_payment",
    orderId: ORDER,
    providerSubscriptionId: "I-BW452GLLEP1G",
    providerPaymentId: "80021663DE681814L",
    paidThrough: at("2026-12-20T10:00:00Z"),
    ...usd(1900),
  },
  "PAYMENT.SALE.REFUNDED": {
    kind: "payment_refunded",
    providerPaymentId: "80021663DE681814L",
    refunds: [{ providerRefundId: "1XR66129GW226491B", ...usd(1900) }],
  },
  "BILLING.SUBSCRIPTION.ACTIVATED": synced("I-BW452GLLEP1G", "active"),
  "BILLING.SUBSCRIPTION.CANCELLED": synced("I-CANCELLED0001", "canceled", { cancelAtPeriodEnd: true }),
  "BILLING.SUBSCRIPTION.SUSPENDED": synced("I-SUSPENDED001", "suspended"),
  "BILLING.SUBSCRIPTION.EXPIRED": synced("I-EXPIRED00001", "expired"),
  // PayPal keeps the subscription ACTIVE while it retries: to us it is past due.
  "BILLING.SUBSCRIPTION.PAYMENT.FAILED": synced("I-FAILING00001", "past_due"),
  "CUSTOMER.DISPUTE.CREATED": { kind: "dispute_opened", providerPaymentId: CAPTURE },
  "CUSTOMER.DISPUTE.RESOLVED": { kind: "dispute_lost", providerPaymentId: CAPTURE },
};

const SALE = "FO1kZr1dQeXmyzH8Iu4b3Q==";
const MEMBERSHIP = "vB7Tq2cWlD9xG4nRk8sYpA==";
const GUMROAD: Record<string, Expected> = {
  sale: {
    kind: "payment_completed",
    orderId: ORDER,
    providerPaymentId: SALE,
    providerSubscriptionId: MEMBERSHIP,
    occurredAt: at("2026-11-20T10:00:00Z"),
    ...usd(4900),
  },
  refund: {
    kind: "payment_refunded",
    providerPaymentId: SALE,
    refunds: [{ providerRefundId: `${SALE}:refund`, ...usd(4900) }],
  },
  dispute: { kind: "dispute_opened", providerPaymentId: SALE },
  dispute_won: { kind: "dispute_won", providerPaymentId: SALE },
  // Membership pings name no sale and no seller; a cancellation, sent when asked for, no time either.
  cancellation: synced(MEMBERSHIP, "canceled", {
    cancelAtPeriodEnd: true,
    currentPeriodEnd: at("2026-12-20T10:00:00Z"),
    occurredAt: RECEIVED_AT,
  }),
  subscription_ended: synced(MEMBERSHIP, "expired", { occurredAt: at("2026-12-20T10:00:00Z") }),
  subscription_restarted: synced(MEMBERSHIP, "active", {
    cancelAtPeriodEnd: false,
    occurredAt: at("2026-12-24T10:00:00Z"),
  }),
  subscription_updated: { kind: "recorded_only" },
};

/** A provider's fixtures by the event type each holds. */
function fixtures(provider: Provider): Map<string, string> {
  const folder = `tests/fixtures/${provider}`;
  const events = new Map<string, string>();
  for (const name of fs.readdirSync(folder)) {
    if (name === "objects.json") continue;
    const payload = fs.readFileSync(`${folder}/${name}`, "utf8");
    const type =
      provider === "stripe"
        ? (JSON.parse(payload) as { type: string }).type
        : provider === "paypal"
          ? (JSON.parse(payload) as { event_type: string }).event_type
          : (new URLSearchParams(payload).get("resource_name") ?? "sale");
    events.set(type, payload);
  }
  return events;
}

let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
let paypal: ReturnType<typeof startFakePaypal>;

beforeAll(async () => {
  stripe = await startFakeStripe();
  for (const object of JSON.parse(fs.readFileSync("tests/fixtures/stripe/objects.json", "utf8")) as { id: string }[])
    stripe.objects.set(object.id, object);
  paypal = startFakePaypal();
  const held = JSON.parse(fs.readFileSync("tests/fixtures/paypal/objects.json", "utf8")) as Record<
    "captures" | "subscriptions",
    { id: string }[]
  >;
  for (const capture of held.captures) paypal.captures.set(capture.id, capture);
  for (const subscription of held.subscriptions) paypal.subscriptions.set(subscription.id, subscription);
  setProcessEnv({
    ...PAYPAL_TEST_ENV,
    STRIPE_SECRET_KEY: "sk_test_fixtures",
    STRIPE_WEBHOOK_SECRET: "whsec_fixtures",
    STRIPE_API_BASE: stripe.url,
    GUMROAD_ACCESS_TOKEN: undefined,
  });
});
afterAll(async () => {
  paypal.close();
  await stripe.close();
});

describe.each([
  ["stripe", STRIPE],
  ["paypal", PAYPAL],
  ["gumroad", GUMROAD],
] as const)("%s's events, from their fixtures", (provider, expectations) => {
  it("has a fixture for every event type it handles", () => {
    expect([...fixtures(provider).keys()].sort()).toEqual([...HANDLED_EVENT_TYPES[provider]].sort());
  });

  it("reads a type nobody handles as recorded only", async () => {
    const [type, payload] = [...fixtures(provider)].find(([, body]) => body.includes(ORDER))!;
    const renamed = payload.replace(type, "nobody.handles.this");
    expect(
      await readProvisioningEvent({
        provider,
        environment: "test",
        type: "nobody.handles.this",
        payload: renamed,
        receivedAt: RECEIVED_AT,
      }),
    ).toEqual({ kind: "recorded_only" });
  });

  it.each(Object.entries(expectations))("%s", async (type, expected) => {
    const payload = fixtures(provider).get(type)!;
    const read = await readProvisioningEvent({ provider, environment: "test", type, payload, receivedAt: RECEIVED_AT });
    expect(read).toMatchObject(expected);
  });
});

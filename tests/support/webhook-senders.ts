import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { signSimulatedWebhook } from "@/gateways/simulated/simulated-signature";
import { startFakeStripe } from "@/tests/support/fake-stripe";
import { startPaypalSigner } from "@/tests/support/paypal-signer";
import { redisUrl } from "@/tests/support/services";

export const STRIPE_WEBHOOK_SECRET = "whsec_route_tests_secret";
export const PAYPAL_WEBHOOK_ID = "WH-ROUTE-TESTS";
export const GUMROAD = { token: "gumroad-ping-token-for-the-route-tests", seller: "seller-route-tests" };
export const SIMULATED_WEBHOOK_SECRET = "simulated-secret-for-the-route-tests-0123";

/**
 * Signed webhook requests as each provider sends them, from independent signers (Stripe's SDK
 * helper, a PayPal key and certificate served on loopback), and the configuration that accepts
 * them. Each test file gets its own queue prefix, so a shared Redis never mixes their jobs.
 */
export async function startWebhookSenders() {
  const paypal = await startPaypalSigner();
  // Stripe's events are read by re-fetching their object: a fake Stripe holds the objects they name.
  const stripeApi = await startFakeStripe();
  const env = {
    STRIPE_SECRET_KEY: "sk_test_route_tests",
    STRIPE_API_BASE: stripeApi.url,
    STRIPE_WEBHOOK_SECRET,
    PAYPAL_CLIENT_ID: "paypal-client",
    PAYPAL_CLIENT_SECRET: "paypal-secret",
    PAYPAL_WEBHOOK_ID,
    PAYPAL_CERT_HOSTS: paypal.host,
    GUMROAD_SELLER_ID: GUMROAD.seller,
    GUMROAD_PING_TOKEN: GUMROAD.token,
    SIMULATED_PROVIDER: "true",
    SIMULATED_WEBHOOK_SECRET,
    QUEUE_PREFIX: `test-${randomUUID().slice(0, 8)}`,
    JOB_BACKOFF_MS: "20",
    REDIS_URL: redisUrl,
  };

  // A session still awaiting a delayed payment: its completion is recorded and provisions nothing yet.
  const unpaidSession = () => {
    const id = `cs_test_${randomUUID()}`;
    stripeApi.objects.set(id, {
      id,
      object: "checkout.session",
      client_reference_id: randomUUID(),
      metadata: {},
      payment_status: "unpaid",
      livemode: false,
    });
    return id;
  };

  const post = (path: string, body: string, headers: HeadersInit) =>
    new Request(`http://localhost/api/webhooks/${path}`, { method: "POST", body, headers });
  /** Each of these answers a maker of the same signed delivery, to send as often as a test likes. */
  const signedStripe = (body: string, timestamp?: number) => {
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: STRIPE_WEBHOOK_SECRET,
      timestamp,
    });
    return () => post("stripe", body, { "content-type": "application/json", "stripe-signature": signature });
  };
  const signedPaypal = (body: string) => {
    const headers = paypal.headers(body, PAYPAL_WEBHOOK_ID);
    return () => post("paypal", body, headers);
  };
  const gumroadPing =
    (body: string, token = GUMROAD.token) =>
    () =>
      new Request(`http://localhost/api/webhooks/gumroad?token=${encodeURIComponent(token)}`, {
        method: "POST",
        body,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });

  return {
    env,
    paypal,
    /** The fake Stripe the app's Stripe settings point at. */
    stripeApi,
    stripe(event: { id?: string; type?: string; livemode?: boolean } = {}, options: { timestamp?: number } = {}) {
      const body = JSON.stringify({
        id: event.id ?? `evt_${randomUUID()}`,
        object: "event",
        type: event.type ?? "checkout.session.completed",
        livemode: event.livemode ?? false,
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: unpaidSession() } },
      });
      return signedStripe(body, options.timestamp);
    },
    signedStripe,
    paypalEvent(event: { id?: string; type?: string } = {}) {
      const body = JSON.stringify({
        id: event.id ?? `WH-${randomUUID()}`,
        // By default a buyer's approval, which is recorded only: the capture is what provisions.
        event_type: event.type ?? "CHECKOUT.ORDER.APPROVED",
        create_time: new Date().toISOString(),
        resource: { id: `5O${randomUUID().slice(0, 12).toUpperCase()}` },
      });
      return signedPaypal(body);
    },
    signedPaypal,
    gumroad(fields: Record<string, string> = {}, token = GUMROAD.token) {
      // By default a subscription's details changing, which is recorded only: the next sale ping says what was paid.
      const body = new URLSearchParams({
        seller_id: GUMROAD.seller,
        subscription_id: randomUUID(),
        resource_name: "subscription_updated",
        ...fields,
      }).toString();
      return gumroadPing(body, token);
    },
    gumroadPing,
    simulated(event: { id?: string; type?: string } = {}) {
      // By default a declined checkout of an order nobody placed: a real event that provisions nothing.
      const body = JSON.stringify({
        id: event.id ?? `sim_${randomUUID()}`,
        type: event.type ?? "checkout.failed",
        created: new Date().toISOString(),
        data: { orderId: randomUUID() },
      });
      const signature = signSimulatedWebhook(body, SIMULATED_WEBHOOK_SECRET);
      return () => post("simulated", body, { "content-type": "application/json", "simulated-signature": signature });
    },
    close: () => {
      paypal.close();
      void stripeApi.close();
    },
  };
}

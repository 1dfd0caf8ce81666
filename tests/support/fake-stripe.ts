import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface StripeCall {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  params: URLSearchParams;
  query: URLSearchParams;
}

type Json = Record<string, unknown>;
/** A payment as the buyer made it on Stripe's page; `periodEnd` in seconds, as Stripe writes times. */
interface PaidAs {
  amountMinor: number;
  currency?: string;
  periodEnd?: number;
}
/** An invoice of a subscription (or of none), paid by `paymentIntent` or, without one, open. */
interface InvoiceAs {
  subscriptionId: string | null;
  paymentIntent: string | null;
  amountMinor: number;
  periodEnd?: number;
  currency?: string;
}

/**
 * A loopback stand-in for the parts of Stripe's API the gateway uses, answering in Stripe's shapes
 * and honouring idempotency keys as Stripe does (the same key replays the first answer). Tests
 * point the real SDK at it and may make the next calls fail with a status of their choosing.
 */
export async function startFakeStripe() {
  const calls: StripeCall[] = [];
  const replies = new Map<string, Json>();
  const failures: number[] = [];
  const hooks: { beforeRefundAnswer?: (refund: Json) => Promise<void> | void } = {};
  const quirks = { refundStatus: "succeeded", sessionUrl: true };
  const id = (prefix: string) => `${prefix}_test_${randomBytes(8).toString("hex")}`;
  /** Objects Stripe holds, by id, for the retrieve calls; tests may add or change them. */
  const objects = new Map<string, Json>();

  const answer = (method: string, path: string, params: URLSearchParams, query: URLSearchParams): [number, Json] => {
    if (method === "POST" && path === "/v1/checkout/sessions") {
      const session = id("cs");
      objects.set(session, {
        id: session,
        object: "checkout.session",
        client_reference_id: params.get("client_reference_id"),
        metadata: { checkout_order_id: params.get("metadata[checkout_order_id]") },
        mode: params.get("mode"),
        payment_status: "unpaid",
        payment_intent: null,
        subscription: null,
        amount_subtotal: null,
        amount_total: null,
        currency: null,
        discounts: [],
        total_details: null,
        currency_conversion: null,
        // Stripe lists them when asked (`expand: ["line_items"]`), which the gateway always does.
        line_items: {
          object: "list",
          data: [
            { id: `li_${session}`, object: "item", price: { id: params.get("line_items[0][price]") }, quantity: 1 },
          ],
          has_more: false,
        },
        livemode: false,
      });
      return [
        200,
        {
          id: session,
          object: "checkout.session",
          mode: params.get("mode"),
          client_reference_id: params.get("client_reference_id"),
          customer_email: params.get("customer_email"),
          metadata: { checkout_order_id: params.get("metadata[checkout_order_id]") },
          url: quirks.sessionUrl ? `https://checkout.stripe.com/c/pay/${session}` : null,
        },
      ];
    }
    if (method === "GET" && path === "/v1/refunds") {
      const paymentIntent = query.get("payment_intent");
      const data = [...objects.values()].filter((o) => o.object === "refund" && o.payment_intent === paymentIntent);
      return [200, { object: "list", data, has_more: false, url: "/v1/refunds" }];
    }
    const held = /^\/v1\/(?:checkout\/sessions|subscriptions|invoices|disputes|charges)\/([\w-]+)$/.exec(path);
    if (method === "GET" && held) {
      const object = objects.get(held[1]!);
      return object
        ? [200, object]
        : [404, { error: { type: "invalid_request_error", message: `No such object: '${held[1]}'` } }];
    }
    const subscription = /^\/v1\/subscriptions\/([\w-]+)$/.exec(path);
    if (method === "POST" && subscription) {
      return [
        200,
        {
          id: subscription[1],
          object: "subscription",
          cancel_at_period_end: params.get("cancel_at_period_end") === "true",
        },
      ];
    }
    if (method === "POST" && path === "/v1/refunds") {
      return [
        200,
        {
          id: id("re"),
          object: "refund",
          amount: Number(params.get("amount")),
          payment_intent: params.get("payment_intent"),
          status: quirks.refundStatus,
        },
      ];
    }
    return [
      404,
      { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path})` } },
    ];
  };

  /** Stripe now holds this subscription, renewing until its items' period ends (in seconds). */
  const holdSubscription = (
    subscription: string,
    status: string,
    cancelAtPeriodEnd: boolean,
    periodEnds: (number | undefined)[],
  ) =>
    objects.set(subscription, {
      id: subscription,
      object: "subscription",
      status,
      cancel_at_period_end: cancelAtPeriodEnd,
      items: {
        object: "list",
        data: periodEnds.map((end, i) => ({ id: `si_${subscription}_${i}`, current_period_end: end })),
      },
    });
  /** Stripe now holds this invoice. */
  const holdInvoice = (
    invoice: string,
    { subscriptionId, paymentIntent, amountMinor, periodEnd, currency = "usd" }: InvoiceAs,
  ) =>
    objects.set(invoice, {
      id: invoice,
      object: "invoice",
      status: paymentIntent ? "paid" : "open",
      amount_paid: paymentIntent ? amountMinor : 0,
      currency,
      period_end: periodEnd,
      livemode: false,
      parent: subscriptionId
        ? { type: "subscription_details", subscription_details: { subscription: subscriptionId } }
        : null,
      payments: {
        object: "list",
        data: paymentIntent
          ? [
              {
                id: `inpay_${invoice}`,
                status: "paid",
                payment: { type: "payment_intent", payment_intent: paymentIntent },
              },
            ]
          : [],
      },
    });

  const server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://stripe.test");
      const path = url.pathname;
      const idempotencyKey = request.headers["idempotency-key"] as string | undefined;
      const params = new URLSearchParams(body);
      calls.push({ method: request.method ?? "GET", path, idempotencyKey, params, query: url.searchParams });
      const reply = (status: number, json: Json) => {
        response.writeHead(status, { "content-type": "application/json", "request-id": id("req") });
        response.end(JSON.stringify(json));
      };
      const failure = failures.shift();
      if (failure !== undefined) {
        return reply(failure, {
          error: { type: failure >= 500 ? "api_error" : "invalid_request_error", message: `Failed with ${failure}` },
        });
      }
      const replayKey = idempotencyKey && `${request.method} ${path} ${idempotencyKey}`;
      const replayed = replayKey ? replies.get(replayKey) : undefined;
      if (replayed) return reply(200, replayed);
      const [status, json] = answer(request.method ?? "GET", path, params, url.searchParams);
      if (replayKey && status === 200) replies.set(replayKey, json);
      // Work the test wants done after Stripe acted but before its answer arrives (a webhook racing it).
      const before = json.object === "refund" ? hooks.beforeRefundAnswer : undefined;
      void Promise.resolve(before?.(json)).then(() => reply(status, json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    objects,
    /** Answers to come: a refund's status, whether a session has a URL. */
    quirks,
    hooks,
    /**
     * What Stripe does when the buyer pays on its page: the session is paid; a subscription
     * session also starts its subscription, whose first invoice is paid, through `periodEnd`.
     */
    pay(sessionId: string, { amountMinor, currency = "usd", periodEnd }: PaidAs) {
      const session = objects.get(sessionId);
      if (!session) throw new Error(`The fake Stripe holds no session ${sessionId}`);
      const paid = { payment_status: "paid", amount_subtotal: amountMinor, amount_total: amountMinor, currency };
      if (session.mode !== "subscription") {
        objects.set(sessionId, { ...session, ...paid, payment_intent: id("pi") });
        return;
      }
      const [subscription, invoice] = [id("sub"), id("in")];
      holdSubscription(subscription, "active", false, [periodEnd]);
      holdInvoice(invoice, { subscriptionId: subscription, paymentIntent: id("pi"), amountMinor, periodEnd, currency });
      objects.set(sessionId, { ...session, ...paid, subscription, invoice });
    },
    holdSubscription,
    holdInvoice,
    /** The next calls answer these statuses, one each, before the fake answers normally again. */
    failNext(...statuses: number[]) {
      failures.push(...statuses);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import { randomBytes } from "node:crypto";
import { http, HttpResponse, type PathParams } from "msw";
import { intercept } from "@/tests/support/intercept";

export interface PaypalCall {
  method: string;
  path: string;
  requestId: string | null;
  body: Record<string, unknown> | null;
}

type Json = Record<string, unknown>;
const SANDBOX = "https://api-m.sandbox.paypal.com";

/** Configuration under which the app talks to PayPal's sandbox, which this fake answers; retries wait 1 ms. */
export const PAYPAL_TEST_ENV = {
  PAYPAL_CLIENT_ID: "test-client",
  PAYPAL_CLIENT_SECRET: "test-secret",
  PAYPAL_WEBHOOK_ID: "WH-TEST",
  PAYMENT_RETRY_BASE_MS: "1",
};

/**
 * PayPal's REST API as the SDK sees it, intercepted in this process with msw (the SDK fixes its
 * hosts): OAuth tokens, Orders v2, captures, refunds and billing subscriptions, answering in
 * PayPal's shapes and replaying the first answer for a repeated `PayPal-Request-Id`, as PayPal
 * does. Tests may make the next calls fail with statuses of their choosing, or drop the connection.
 */
export function startFakePaypal() {
  const calls: PaypalCall[] = [];
  const replies = new Map<string, Json>();
  const failures: (number | "network")[] = [];
  const orders = new Map<string, Json>();
  /** Captures PayPal holds, by id; tests may add or change them. */
  const captures = new Map<string, Json>();
  /** Subscriptions PayPal holds, by id; tests may add or change them. */
  const subscriptions = new Map<string, Json>();
  const normal = {
    captureStatus: "COMPLETED",
    captureValue: undefined as string | undefined,
    refundStatus: "COMPLETED",
    /** Answers without the links or the ids PayPal always sends. */
    bare: false,
  };
  const quirks = { ...normal };
  const id = (prefix: string) => `${prefix}${randomBytes(6).toString("hex").toUpperCase()}`;

  const handle =
    (answer: (params: Record<string, string>, body: Json) => [number, Json]) =>
    async ({ request, params }: { request: Request; params: PathParams }) => {
      const text = await request.text();
      const body = text ? (JSON.parse(text) as Json) : null;
      const path = new URL(request.url).pathname;
      const requestId = request.headers.get("paypal-request-id");
      calls.push({ method: request.method, path, requestId, body });
      const failure = failures.shift();
      if (failure === "network") return HttpResponse.error();
      if (failure !== undefined) {
        return HttpResponse.json(
          {
            name: failure >= 500 ? "INTERNAL_SERVER_ERROR" : "UNPROCESSABLE_ENTITY",
            details: [{ issue: `FAILED_WITH_${failure}` }],
          },
          { status: failure },
        );
      }
      const replayKey = requestId && `${path} ${requestId}`;
      const replayed = replayKey ? replies.get(replayKey) : undefined;
      if (replayed) return HttpResponse.json(replayed, { status: 201 });
      const [status, json] = answer(params as Record<string, string>, body ?? {});
      if (replayKey && status < 300) replies.set(replayKey, json);
      return status === 204 ? new HttpResponse(null, { status }) : HttpResponse.json(json, { status });
    };

  const stop = intercept([
    http.post(`${SANDBOX}/v1/oauth2/token`, () =>
      HttpResponse.json({ access_token: id("A21AA"), token_type: "Bearer", expires_in: 32_400 }),
    ),
    http.post(
      `${SANDBOX}/v2/checkout/orders`,
      handle((_params, body) => {
        const order = { id: id("5O"), status: "PAYER_ACTION_REQUIRED", purchase_units: body.purchase_units };
        orders.set(order.id, order);
        if (quirks.bare) return [200, { status: order.status }];
        return [
          200,
          {
            ...order,
            links: [
              {
                href: `https://www.sandbox.paypal.com/checkoutnow?token=${order.id}`,
                rel: "payer-action",
                method: "GET",
              },
            ],
          },
        ];
      }),
    ),
    http.post(
      `${SANDBOX}/v2/checkout/orders/:orderId/capture`,
      handle(({ orderId }) => {
        const order = orders.get(orderId!);
        if (!order) return [404, { name: "RESOURCE_NOT_FOUND", details: [{ issue: "INVALID_RESOURCE_ID" }] }];
        const [unit] = order.purchase_units as {
          custom_id: string;
          amount: { currency_code: string; value: string };
        }[];
        if (quirks.bare) return [201, { id: orderId, status: "COMPLETED", purchase_units: [unit] }];
        const capture = {
          id: id("3C"),
          status: quirks.captureStatus,
          custom_id: unit!.custom_id,
          amount: { ...unit!.amount, value: quirks.captureValue ?? unit!.amount.value },
          supplementary_data: { related_ids: { order_id: orderId } },
        };
        captures.set(capture.id, capture); // PayPal holds it from now on
        return [
          201,
          { id: orderId, status: "COMPLETED", purchase_units: [{ ...unit, payments: { captures: [capture] } }] },
        ];
      }),
    ),
    http.post(
      `${SANDBOX}/v2/payments/captures/:captureId/refund`,
      handle((_params, body) => [
        201,
        { ...(!quirks.bare && { id: id("1R") }), status: quirks.refundStatus, amount: body.amount },
      ]),
    ),
    http.post(
      `${SANDBOX}/v1/billing/subscriptions`,
      handle((_params, body) => {
        const subscription = id("I-");
        if (quirks.bare) return [201, { status: "APPROVAL_PENDING", links: [] }];
        subscriptions.set(subscription, {
          id: subscription,
          status: "APPROVAL_PENDING",
          plan_id: body.plan_id,
          custom_id: body.custom_id,
        });
        return [
          201,
          {
            id: subscription,
            status: "APPROVAL_PENDING",
            plan_id: body.plan_id,
            custom_id: body.custom_id,
            links: [
              {
                href: `https://www.sandbox.paypal.com/webapps/billing/subscriptions?ba_token=${subscription}`,
                rel: "approve",
                method: "GET",
              },
            ],
          },
        ];
      }),
    ),
    http.get(
      `${SANDBOX}/v2/payments/captures/:captureId`,
      handle(({ captureId }) => {
        const capture = captures.get(captureId!);
        if (!capture) return [404, { name: "RESOURCE_NOT_FOUND", details: [{ issue: "INVALID_RESOURCE_ID" }] }];
        return [200, capture];
      }),
    ),
    http.get(
      `${SANDBOX}/v1/billing/subscriptions/:subscriptionId`,
      handle(({ subscriptionId }) => {
        const subscription = subscriptions.get(subscriptionId!);
        if (!subscription) return [404, { name: "RESOURCE_NOT_FOUND", details: [{ issue: "INVALID_RESOURCE_ID" }] }];
        return [200, subscription];
      }),
    ),
    http.post(
      `${SANDBOX}/v1/billing/subscriptions/:subscriptionId/cancel`,
      handle(() => [204, {}]),
    ),
  ]);

  return {
    calls,
    quirks,
    captures,
    subscriptions,
    /** The next calls (after the OAuth token) answer these, one each: an HTTP status or a dropped connection. */
    failNext(...outcomes: (number | "network")[]) {
      failures.push(...outcomes);
    },
    reset() {
      calls.length = 0;
      failures.length = 0;
      Object.assign(quirks, normal);
    },
    close: stop,
  };
}

import {
  ApiError,
  ApplicationContextUserAction,
  CheckoutPaymentIntent,
  Client,
  Environment,
  OrdersController,
  PaymentsController,
  PaypalExperienceUserAction,
  SubscriptionsController,
  type LinkDescription,
} from "@paypal/paypal-server-sdk";
import { gatewayError, isTransientStatus } from "@/gateways/gateway-error";
import type {
  CaptureRequest,
  CreateCheckoutRequest,
  PaymentGateway,
  ProviderSubscription,
  RefundRequest,
} from "@/gateways/types";
import { AppError } from "@/lib/errors";
import { parseMajorUnits, toMajorUnitsString } from "@/lib/money";

export interface PaypalGatewayConfig {
  clientId: string;
  clientSecret: string;
  environment: "sandbox" | "live";
}

/**
 * PayPal through its server SDK (OAuth client credentials, sandbox or live): Orders v2 for
 * one-time products (created, approved by the buyer, then captured here), billing subscriptions
 * from the product's plan id, cancellation (at once: PayPal has no end-of-period cancel), refunds
 * of a capture. Every POST that takes a `PayPal-Request-Id` gets one derived from our ids.
 */
/** A capture (a one-time payment) as PayPal has it now. */
export interface PaypalCapture {
  /** Our checkout order id, from the order's `custom_id`. */
  orderId: string | null;
  /** The PayPal order it captured. */
  paypalOrderId: string | null;
  amountMinor: number;
  currency: string;
  status: "completed" | "pending" | "declined" | "refunded" | "partially_refunded" | "failed";
}

/** A billing subscription as PayPal has it now, with the checkout order it was created for. */
export interface PaypalSubscription extends ProviderSubscription {
  /** Our checkout order id, from the subscription's `custom_id`. */
  orderId: string | null;
  /** The billing plan subscribed to. */
  planId: string | null;
  /** The email the subscriber pays with. */
  subscriberEmail: string | null;
}

export interface PaypalGateway extends PaymentGateway {
  getCapture(captureId: string): Promise<PaypalCapture>;
  getSubscription(providerSubscriptionId: string): Promise<PaypalSubscription>;
}

export function createPaypalGateway({ clientId, clientSecret, environment }: PaypalGatewayConfig): PaypalGateway {
  const client = new Client({
    clientCredentialsAuthCredentials: { oAuthClientId: clientId, oAuthClientSecret: clientSecret },
    environment: environment === "live" ? Environment.Production : Environment.Sandbox,
    timeout: 20_000,
  });
  const orders = new OrdersController(client);
  const payments = new PaymentsController(client);
  const subscriptions = new SubscriptionsController(client);

  return {
    provider: "paypal",
    environment: environment === "live" ? "live" : "test",

    async createCheckout({ orderId, product, email, successUrl, cancelUrl }: CreateCheckoutRequest) {
      if (product.kind === "subscription") {
        if (!product.paypalPlanId) {
          throw new AppError("service_unavailable", `Product ${product.slug} has no PayPal plan id`, {
            userMessage: `${product.name} cannot be bought through PayPal right now.`,
            ownerMessage: `${product.name} is not sold through PayPal: set its paypalPlanId in the catalog.`,
          });
        }
        const { result } = await call(() =>
          subscriptions.createSubscription({
            paypalRequestId: `subscription-${orderId}`,
            body: {
              planId: product.paypalPlanId!,
              customId: orderId,
              subscriber: { emailAddress: email },
              applicationContext: {
                returnUrl: successUrl,
                cancelUrl,
                userAction: ApplicationContextUserAction.SubscribeNow,
              },
            },
          }),
        );
        return { url: approvalUrl(result.links), providerCheckoutId: required(result.id, "subscription id") };
      }
      const { result } = await call(() =>
        orders.createOrder({
          paypalRequestId: `order-${orderId}`,
          body: {
            intent: CheckoutPaymentIntent.Capture,
            purchaseUnits: [
              {
                customId: orderId,
                description: product.name,
                amount: {
                  currencyCode: product.currency,
                  value: toMajorUnitsString({ amountMinor: product.priceMinor, currency: product.currency }),
                },
              },
            ],
            paymentSource: {
              paypal: {
                emailAddress: email,
                experienceContext: { returnUrl: successUrl, cancelUrl, userAction: PaypalExperienceUserAction.PayNow },
              },
            },
          },
        }),
      );
      return { url: approvalUrl(result.links), providerCheckoutId: required(result.id, "order id") };
    },

    async captureOrder({ providerCheckoutId, amountMinor, currency, idempotencyKey }: CaptureRequest) {
      const { result } = await call(() =>
        orders.captureOrder({
          id: providerCheckoutId,
          paypalRequestId: idempotencyKey,
          prefer: "return=representation",
        }),
      );
      const capture = result.purchaseUnits?.[0]?.payments?.captures?.[0];
      if (!capture?.id || !capture.amount)
        throw gatewayError("paypal", "the capture came back empty", { transient: false });
      if (capture.status !== "COMPLETED" && capture.status !== "PENDING") {
        throw gatewayError("paypal", `the capture is ${capture.status ?? "unknown"}`, { transient: false });
      }
      const captured = parseMajorUnits(capture.amount.value, capture.amount.currencyCode);
      if (captured.currency !== currency || captured.amountMinor !== amountMinor) {
        throw gatewayError(
          "paypal",
          `captured ${capture.amount.value} ${capture.amount.currencyCode}, not the order's amount`,
          {
            transient: false,
          },
        );
      }
      return {
        providerPaymentId: capture.id,
        ...captured,
        status: capture.status === "COMPLETED" ? ("completed" as const) : ("pending" as const),
      };
    },

    async cancelSubscription(providerSubscriptionId) {
      await call(() =>
        subscriptions.cancelSubscription({ id: providerSubscriptionId, body: { reason: "Cancelled by the seller" } }),
      );
      return { endsAt: "now" };
    },

    async getCapture(captureId) {
      const { result } = await call(() => payments.getCapturedPayment({ captureId }));
      if (!result.amount) throw gatewayError("paypal", "the capture came back empty", { transient: false });
      return {
        orderId: result.customId ?? null,
        paypalOrderId: result.supplementaryData?.relatedIds?.orderId ?? null,
        ...parseMajorUnits(result.amount.value, result.amount.currencyCode),
        status: (result.status ?? "PENDING").toLowerCase() as PaypalCapture["status"],
      };
    },

    async getSubscription(providerSubscriptionId) {
      const { result } = await call(() => subscriptions.getSubscription({ id: providerSubscriptionId }));
      const nextBilling = result.billingInfo?.nextBillingTime;
      return {
        orderId: result.customId ?? null,
        planId: result.planId ?? null,
        subscriberEmail: result.subscriber?.emailAddress ?? null,
        status: SUBSCRIPTION_STATUS[result.status ?? ""] ?? "pending",
        // PayPal bills the next period when this one ends: its next billing time is our period end.
        currentPeriodEnd: nextBilling ? new Date(nextBilling) : null,
        cancelAtPeriodEnd: result.status === "CANCELLED",
      };
    },

    async refund({ providerPaymentId, amountMinor, currency, idempotencyKey }: RefundRequest) {
      const { result } = await call(() =>
        payments.refundCapturedPayment({
          captureId: providerPaymentId,
          paypalRequestId: idempotencyKey,
          prefer: "return=representation",
          body: { amount: { currencyCode: currency, value: toMajorUnitsString({ amountMinor, currency }) } },
        }),
      );
      if (result.status !== "COMPLETED" && result.status !== "PENDING") {
        throw gatewayError("paypal", `the refund is ${result.status ?? "unknown"}`, { transient: false });
      }
      return {
        providerRefundId: required(result.id, "refund id"),
        amountMinor,
        status: result.status === "COMPLETED" ? ("succeeded" as const) : ("pending" as const),
      };
    },
  };
}

const SUBSCRIPTION_STATUS: Record<string, ProviderSubscription["status"]> = {
  APPROVAL_PENDING: "pending",
  APPROVED: "pending",
  ACTIVE: "active",
  SUSPENDED: "suspended",
  CANCELLED: "canceled",
  EXPIRED: "expired",
};

// With a PayPal payment source PayPal names the buyer's page `payer-action`; otherwise `approve`.
function approvalUrl(links: LinkDescription[] | undefined): string {
  const link = links?.find((l) => l.rel === "payer-action" || l.rel === "approve");
  if (!link) throw gatewayError("paypal", "no approval link came back", { transient: false });
  return link.href;
}

function required(value: string | undefined, what: string): string {
  if (!value) throw gatewayError("paypal", `no ${what} came back`, { transient: false });
  return value;
}

// The SDK's HTTP client is axios: its errors carry `isAxiosError`; a timeout aborts the request.
const isNetworkError = (error: unknown) =>
  error instanceof Error &&
  ((error as { isAxiosError?: unknown }).isAxiosError === true || error.name === "AbortError");

/** Runs one SDK call; its errors become `gateway_error`s that say whether a retry may help. */
async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof ApiError) {
      const status = error.statusCode;
      throw gatewayError("paypal", paypalReason(error.result) ?? `HTTP ${status}`, {
        transient: isTransientStatus(status),
        status,
        cause: error,
      });
    }
    // No answer came (refused, reset, timed out): the same call may well succeed later.
    if (isNetworkError(error)) {
      throw gatewayError("paypal", "PayPal could not be reached", { transient: true, cause: error });
    }
    throw error;
  }
}

// PayPal's errors name the problem as `{ name, details: [{ issue }] }`: stable codes, safe to show.
function paypalReason(result: unknown): string | undefined {
  if (typeof result !== "object" || result === null) return undefined;
  const { name, details } = result as { name?: unknown; details?: { issue?: unknown }[] };
  const issue = Array.isArray(details) ? details[0]?.issue : undefined;
  if (typeof name !== "string") return undefined;
  return typeof issue === "string" ? `${name} (${issue})` : name;
}

import { eq } from "drizzle-orm";
import pRetry from "p-retry";
import { getDb, type Database } from "@/db/client";
import { checkoutOrders } from "@/db/schema";
import { isTransientGatewayError } from "@/gateways/gateway-error";
import type { CapturedPayment } from "@/gateways/types";
import { getEnv } from "@/lib/env";
import { AppError, isAppError } from "@/lib/errors";
import { findCheckoutOrder } from "@/services/payment/find-checkout-order";
import { getProviderGateway } from "@/services/payment/get-payment-gateway";

/** Attempts in all for one capture: a transient failure is retried twice, with the same request id. */
export const CAPTURE_ATTEMPTS = 3;

export type CapturedOrder = CapturedPayment & { orderId: string };

/**
 * Takes the money of a PayPal order the buyer approved (called when the buyer returns). Every
 * attempt carries the same request id, so PayPal captures at most once; a transient failure
 * (network, 5xx, 429) is retried with exponential backoff, up to CAPTURE_ATTEMPTS in all; any
 * other failure is not. Capturing an order again answers the first capture. Provisioning waits for
 * the provider's capture webhook; this records only the payment id on the order. Throws
 * `not_found`, `refused` (nothing to capture) or `gateway_error` naming the provider and reason.
 */
export async function captureOrder(orderId: string, options: { db?: Database } = {}): Promise<CapturedOrder> {
  const db = options.db ?? getDb();
  const env = getEnv();
  const found = await findCheckoutOrder(orderId, db);
  if (!found)
    throw new AppError("not_found", `No checkout order ${orderId}`, { userMessage: "There is no such order." });
  const { order, product } = found;
  if (order.status !== "pending" || !order.providerCheckoutId || product.kind !== "one_time") {
    throw new AppError("refused", `Order ${orderId} is not waiting for a capture`, {
      userMessage: "This order is not waiting for its payment to be captured.",
    });
  }
  const gateway = getProviderGateway(order.provider, env);
  const request = {
    providerCheckoutId: order.providerCheckoutId,
    amountMinor: order.amountMinor,
    currency: order.currency,
    idempotencyKey: `capture-${order.id}`,
  };
  let attempts = 0;
  const captured = await pRetry(
    () => {
      attempts++;
      return gateway.captureOrder(request);
    },
    {
      retries: CAPTURE_ATTEMPTS - 1,
      factor: 2,
      minTimeout: env.PAYMENT_RETRY_BASE_MS,
      randomize: false,
      shouldRetry: ({ error }) => isTransientGatewayError(error),
    },
  ).catch((error: unknown) => {
    if (!isAppError(error) || attempts < CAPTURE_ATTEMPTS) throw error;
    throw new AppError("gateway_error", `${order.provider} capture failed ${attempts} times: ${error.message}`, {
      userMessage: `${order.provider} could not capture the payment just now; nothing was charged twice. Try again in a moment.`,
      ownerMessage: `${order.provider} could not capture the payment after ${attempts} attempts: ${error.ownerMessage}`,
      details: { ...error.details, attempts },
      cause: error,
    });
  });
  await db
    .update(checkoutOrders)
    .set({ providerPaymentId: captured.providerPaymentId, updatedAt: new Date() })
    .where(eq(checkoutOrders.id, order.id));
  return { orderId: order.id, ...captured };
}

import {
  deliverSimulatedEvent,
  simulatedCheckoutEvent,
  type SimulatedOutcome,
} from "@/gateways/simulated/simulated-event";
import { getDb, type Database } from "@/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getSecret } from "@/lib/secrets";
import { findCheckoutOrder } from "@/services/payment/find-checkout-order";

/**
 * The buyer's answer on the simulated provider's checkout page: sends the provider's signed event
 * to the app's own webhook endpoint, through the same intake as any provider's. Only a pending
 * simulated order can be answered; answering twice delivers the same event again, which the intake
 * stores once. Throws `not_found`, `refused` (the simulated provider is off, or not a pending
 * simulated order) or `gateway_error`.
 */
export async function completeSimulatedCheckout(
  orderId: string,
  outcome: SimulatedOutcome,
  options: { db?: Database; webhookUrl?: string } = {},
): Promise<void> {
  // An order made while it was on cannot be paid with play money once it is off.
  if (!getEnv().SIMULATED_PROVIDER) {
    throw new AppError("refused", "The simulated provider is off", {
      userMessage: "Simulated payments are not taken here.",
    });
  }
  const found = await findCheckoutOrder(orderId, options.db ?? getDb());
  if (!found)
    throw new AppError("not_found", `No checkout order ${orderId}`, { userMessage: "There is no such order." });
  const { order, product } = found;
  if (order.provider !== "simulated" || order.status !== "pending") {
    throw new AppError("refused", `Order ${orderId} is not a pending simulated checkout`, {
      userMessage: "This order is not waiting for a simulated payment.",
    });
  }
  const body = simulatedCheckoutEvent(
    {
      orderId,
      email: order.email,
      amountMinor: order.amountMinor,
      currency: order.currency,
      subscription: product.kind === "subscription",
    },
    outcome,
  );
  // The app's own endpoint on loopback: the public APP_URL may not be reachable from the server itself.
  const webhookUrl = options.webhookUrl ?? `http://127.0.0.1:${getEnv().PORT}/api/webhooks/simulated`;
  await deliverSimulatedEvent(webhookUrl, body, getSecret("SIMULATED_WEBHOOK_SECRET"));
}

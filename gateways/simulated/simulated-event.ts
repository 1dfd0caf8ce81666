import { gatewayError } from "@/gateways/gateway-error";
import { SIMULATED_SIGNATURE_HEADER, signSimulatedWebhook } from "@/gateways/simulated/simulated-signature";

export type SimulatedOutcome = "approved" | "declined";

export interface SimulatedCheckout {
  orderId: string;
  email: string;
  amountMinor: number;
  currency: string;
  subscription: boolean;
}

/**
 * The event the simulated provider sends when the buyer approves or declines. Its id derives from
 * the order and outcome, so pressing the button twice is one event delivered twice.
 */
export function simulatedCheckoutEvent(
  checkout: SimulatedCheckout,
  outcome: SimulatedOutcome,
  now = new Date(),
): string {
  const approved = outcome === "approved";
  return JSON.stringify({
    id: `sim_evt_${checkout.orderId}_${outcome}`,
    type: approved ? "checkout.completed" : "checkout.failed",
    created: now.toISOString(),
    data: {
      orderId: checkout.orderId,
      email: checkout.email,
      amountMinor: checkout.amountMinor,
      currency: checkout.currency,
      paymentId: approved ? `sim_pay_${checkout.orderId}` : null,
      subscriptionId: approved && checkout.subscription ? `sim_sub_${checkout.orderId}` : null,
    },
  });
}

/** Posts a signed event to a webhook endpoint, as a provider does; throws `gateway_error` unless it is accepted. */
export async function deliverSimulatedEvent(webhookUrl: string, body: string, secret: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(webhookUrl, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", [SIMULATED_SIGNATURE_HEADER]: signSimulatedWebhook(body, secret) },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw gatewayError("simulated", "the webhook endpoint could not be reached", { transient: true, cause: error });
  }
  await response.body?.cancel();
  if (!response.ok) {
    throw gatewayError("simulated", `the webhook endpoint answered HTTP ${response.status}`, {
      transient: response.status >= 500,
      status: response.status,
    });
  }
}

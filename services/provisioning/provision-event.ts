import type { Transaction } from "@/db/client";
import { lookupGumroadSale } from "@/gateways/gumroad/gumroad-api";
import { getEnv } from "@/lib/env";
import { getPaypalGateway, getStripeGateway } from "@/services/payment";
import { applyDispute } from "@/services/provisioning/apply-dispute";
import { applyPaymentCompleted } from "@/services/provisioning/apply-payment-completed";
import { applyPaymentFailed } from "@/services/provisioning/apply-payment-failed";
import { applyPaymentRefunded } from "@/services/provisioning/apply-payment-refunded";
import { applySubscriptionPayment } from "@/services/provisioning/apply-subscription-payment";
import { applySubscriptionRenewed } from "@/services/provisioning/apply-subscription-renewed";
import { applySubscriptionSynced } from "@/services/provisioning/apply-subscription-synced";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";
import type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";
import { readGumroadEvent } from "@/services/provisioning/read-gumroad-event";
import { readPaypalEvent } from "@/services/provisioning/read-paypal-event";
import { readSimulatedEvent } from "@/services/provisioning/read-simulated-event";
import { readStripeEvent } from "@/services/provisioning/read-stripe-event";

export interface StoredEvent extends ProvisioningContext {
  type: string;
  payload: string;
}

/**
 * What a stored, verified event means, read outside any transaction: some providers' objects are
 * re-fetched here (Gumroad's sales only when an access token is configured).
 */
export async function readProvisioningEvent(event: StoredEvent): Promise<ProvisioningEvent> {
  switch (event.provider) {
    case "simulated":
      return readSimulatedEvent(event.payload);
    case "stripe":
      return readStripeEvent(event.payload, () => getStripeGateway());
    case "paypal":
      return readPaypalEvent(event.payload, () => getPaypalGateway());
    case "gumroad": {
      const token = getEnv().GUMROAD_ACCESS_TOKEN;
      return readGumroadEvent(event.type, event.payload, token ? (saleId) => lookupGumroadSale(token, saleId) : null);
    }
  }
}

/**
 * Applies what an event means inside the caller's transaction (the one that marks the event
 * processed), so an event is provisioned entirely or not at all, and only once.
 */
export async function applyProvisioningEvent(
  tx: Transaction,
  event: ProvisioningEvent,
  context: ProvisioningContext,
): Promise<void> {
  switch (event.kind) {
    case "payment_completed":
      return applyPaymentCompleted(tx, event, context);
    case "payment_failed":
      return applyPaymentFailed(tx, event);
    case "subscription_payment":
      return applySubscriptionPayment(tx, event, context);
    case "subscription_renewed":
      return applySubscriptionRenewed(tx, event, context);
    case "subscription_synced":
      return applySubscriptionSynced(tx, event, context);
    case "payment_refunded":
      return applyPaymentRefunded(tx, event, context);
    case "dispute_opened":
    case "dispute_won":
    case "dispute_lost":
      return applyDispute(tx, event, context);
    case "recorded_only":
      return;
  }
}

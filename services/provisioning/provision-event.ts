import type { Transaction } from "@/db/client";
import { applyPaymentCompleted } from "@/services/provisioning/apply-payment-completed";
import { applyPaymentFailed } from "@/services/provisioning/apply-payment-failed";
import { applyPaymentRefunded } from "@/services/provisioning/apply-payment-refunded";
import { applySubscriptionCancelled } from "@/services/provisioning/apply-subscription-cancelled";
import { applySubscriptionRenewed } from "@/services/provisioning/apply-subscription-renewed";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";
import type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";
import { readSimulatedEvent } from "@/services/provisioning/read-simulated-event";

export interface StoredEvent extends ProvisioningContext {
  type: string;
  payload: string;
}

/** The provider's event read into what it means; providers whose events are not read yet record only. */
export function readProvisioningEvent(event: StoredEvent): ProvisioningEvent {
  switch (event.provider) {
    case "simulated":
      return readSimulatedEvent(event.payload);
    case "stripe":
    case "paypal":
    case "gumroad":
      return { kind: "recorded_only" };
  }
}

/**
 * Applies one stored, verified event inside the caller's transaction (the one that marks the
 * event processed), so an event is provisioned entirely or not at all, and only once.
 */
export async function provisionEvent(tx: Transaction, stored: StoredEvent): Promise<ProvisioningEvent["kind"]> {
  const event = readProvisioningEvent(stored);
  const context = { provider: stored.provider, environment: stored.environment };
  switch (event.kind) {
    case "payment_completed":
      await applyPaymentCompleted(tx, event, context);
      break;
    case "payment_failed":
      await applyPaymentFailed(tx, event);
      break;
    case "subscription_renewed":
      await applySubscriptionRenewed(tx, event, context);
      break;
    case "subscription_cancelled":
      await applySubscriptionCancelled(tx, event, context);
      break;
    case "payment_refunded":
      await applyPaymentRefunded(tx, event, context);
      break;
    case "recorded_only":
      break;
  }
  return event.kind;
}

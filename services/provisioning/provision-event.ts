import type { Transaction } from "@/db/client";
import { lookupGumroadSale } from "@/gateways/gumroad/gumroad-api";
import { getEnv } from "@/lib/env";
import { getPaypalGateway, getStripeGateway } from "@/services/payment";
import { applyDispute } from "@/services/provisioning/apply-dispute";
import { applyPaymentCompleted, applyPaymentsCompleted } from "@/services/provisioning/apply-payment-completed";
import { applyPaymentFailed } from "@/services/provisioning/apply-payment-failed";
import { applyPaymentRefunded } from "@/services/provisioning/apply-payment-refunded";
import { applySubscriptionPayment } from "@/services/provisioning/apply-subscription-payment";
import { applySubscriptionRenewed } from "@/services/provisioning/apply-subscription-renewed";
import { applySubscriptionSynced } from "@/services/provisioning/apply-subscription-synced";
import type { ProvisioningContext, StoredEvent } from "@/services/provisioning/provisioning-context";
import type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";
import { readGumroadEvent } from "@/services/provisioning/read-gumroad-event";
import { readPaypalEvent } from "@/services/provisioning/read-paypal-event";
import { readSimulatedEvent } from "@/services/provisioning/read-simulated-event";
import { readStripeEvent } from "@/services/provisioning/read-stripe-event";

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
      const lookupSale = token ? (saleId: string) => lookupGumroadSale(token, saleId) : null;
      return readGumroadEvent(event, lookupSale);
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

/** An event read and ready to apply, with where it came from. */
export interface ReadEvent {
  id: string;
  event: ProvisioningEvent;
  context: ProvisioningContext;
}

/**
 * Applies many events in the caller's transaction: completed payments together, per provider and
 * environment (the bulk of the traffic, at a few statements for all), then the rest one by one in
 * the order given, each under its own savepoint, so one that cannot apply yet (a renewal before
 * its activation) fails alone. Answers the events that failed, with their errors; a failure among
 * the payments throws. The outcome is one that applying them one by one could have had.
 */
export async function applyProvisioningEvents(tx: Transaction, events: ReadEvent[]): Promise<Map<string, unknown>> {
  const payments = new Map<string, { context: ProvisioningContext; events: PaymentCompleted[] }>();
  for (const { event, context } of events) {
    if (event.kind !== "payment_completed") continue;
    const key = `${context.provider}:${context.environment}`;
    const group = payments.get(key) ?? { context, events: [] };
    group.events.push(event);
    payments.set(key, group);
  }
  for (const group of payments.values()) await applyPaymentsCompleted(tx, group.events, group.context);
  const failures = new Map<string, unknown>();
  for (const { id, event, context } of events) {
    if (event.kind === "payment_completed") continue;
    try {
      await tx.transaction((savepoint) => applyProvisioningEvent(savepoint, event, context));
    } catch (error) {
      failures.set(id, error);
    }
  }
  return failures;
}

type PaymentCompleted = Extract<ProvisioningEvent, { kind: "payment_completed" }>;

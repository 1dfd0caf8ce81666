import type { Transaction } from "@/db/client";
import { findGumroadOfferCode, lookupGumroadSale } from "@/gateways/gumroad/gumroad-api";
import { getEnv } from "@/lib/env";
import { getPaypalGateway, getStripeGateway } from "@/services/payment";
import { applyDispute } from "@/services/provisioning/apply-dispute";
import {
  applyPaymentCompleted,
  applyPaymentsCompleted,
  type CompletedPayment,
} from "@/services/provisioning/apply-payment-completed";
import { applyPaymentFailed } from "@/services/provisioning/apply-payment-failed";
import { applyPaymentRefunded } from "@/services/provisioning/apply-payment-refunded";
import { applySubscriptionPayment } from "@/services/provisioning/apply-subscription-payment";
import { applySubscriptionRenewed } from "@/services/provisioning/apply-subscription-renewed";
import { applySubscriptionSynced } from "@/services/provisioning/apply-subscription-synced";
import type { Mismatch } from "@/services/provisioning/find-payment-mismatch";
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
      const gumroad = token
        ? {
            sale: (saleId: string) => lookupGumroadSale(token, saleId),
            offerCode: (productId: string, name: string) => findGumroadOfferCode(token, productId, name),
          }
        : null;
      return readGumroadEvent(event, gumroad);
    }
  }
}

/**
 * Applies what an event means inside the caller's transaction (the one that marks the event
 * processed), so an event is provisioned entirely or not at all, and only once. Answers why a
 * payment does not pay the order it names, when it does not: it was recorded and held, not licensed.
 */
export async function applyProvisioningEvent(
  tx: Transaction,
  { id, event, context }: ReadEvent,
): Promise<Mismatch | null> {
  switch (event.kind) {
    case "payment_completed":
      return applyPaymentCompleted(tx, { eventId: id, event }, context);
    case "subscription_payment":
      return applySubscriptionPayment(tx, { eventId: id, event }, context);
    case "payment_failed":
      await applyPaymentFailed(tx, event);
      return null;
    case "subscription_renewed":
      return applySubscriptionRenewed(tx, { eventId: id, event }, context);
    case "subscription_synced":
      await applySubscriptionSynced(tx, event, context);
      return null;
    case "payment_refunded":
      await applyPaymentRefunded(tx, event, context);
      return null;
    case "dispute_opened":
    case "dispute_won":
    case "dispute_lost":
      await applyDispute(tx, event, context);
      return null;
    case "recorded_only":
      return null;
  }
}

/** An event read and ready to apply, with where it came from. */
export interface ReadEvent {
  id: string;
  event: ProvisioningEvent;
  context: ProvisioningContext;
}

/** What became of a set of events applied together, by event id; the rest applied. */
export interface AppliedEvents {
  /** Payments that do not pay the orders they name: recorded and held, not licensed. */
  mismatches: Map<string, Mismatch>;
  /** Events that could not apply (yet), with their errors; nothing of theirs was written. */
  failures: Map<string, unknown>;
}

/**
 * Applies many events in the caller's transaction: completed payments together, per provider and
 * environment (the bulk of the traffic, at a few statements for all), then the rest one by one in
 * the order given, each under its own savepoint, so one that cannot apply yet (a renewal before
 * its activation) fails alone. A payment that does not pay its order is held alone, the others
 * provision. A failure among the payments throws. The outcome is one that applying them one by
 * one could have had.
 */
export async function applyProvisioningEvents(tx: Transaction, events: ReadEvent[]): Promise<AppliedEvents> {
  const payments = new Map<string, { context: ProvisioningContext; payments: CompletedPayment[] }>();
  for (const { id, event, context } of events) {
    if (event.kind !== "payment_completed") continue;
    const key = `${context.provider}:${context.environment}`;
    const group = payments.get(key) ?? { context, payments: [] };
    group.payments.push({ eventId: id, event });
    payments.set(key, group);
  }
  const mismatches = new Map<string, Mismatch>();
  for (const group of payments.values()) {
    for (const [id, mismatch] of await applyPaymentsCompleted(tx, group.payments, group.context)) {
      mismatches.set(id, mismatch);
    }
  }
  const failures = new Map<string, unknown>();
  for (const event of events) {
    if (event.event.kind === "payment_completed") continue;
    try {
      const mismatch = await tx.transaction((savepoint) => applyProvisioningEvent(savepoint, event));
      if (mismatch) mismatches.set(event.id, mismatch);
    } catch (error) {
      failures.set(event.id, error);
    }
  }
  return { mismatches, failures };
}

import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { anyOf, arrayOf } from "@/db/array-params";
import type { Transaction } from "@/db/client";
import { checkoutOrders, licenses, products, subscriptions } from "@/db/schema";
import { PermanentJobError } from "@/lib/queue";
import { addBillingPeriod, issueLicenses } from "@/services/license";
import { ensureTenants } from "@/services/provisioning/ensure-tenant";
import { findPaymentMismatch, type Mismatch } from "@/services/provisioning/find-payment-mismatch";
import { recordPayments, tieHeldPayment } from "@/services/provisioning/payments";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";
import type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";
import { findHeldPayments, heldPaymentsOf, holdPayments } from "@/services/provisioning/hold-payments";

type PaymentCompleted = Extract<ProvisioningEvent, { kind: "payment_completed" }>;

/** A completed payment and the stored event that carried it. */
export interface CompletedPayment {
  eventId: string;
  event: PaymentCompleted;
}

/**
 * A checkout paid: the buyer becomes (or stays) a tenant, the payment a transaction, a
 * subscription purchase a subscription, and the order gets its one license; or, if the payment
 * does not pay the order it names, it is recorded and held for the owner (answered). Everything is
 * keyed (transaction on the provider's payment id, subscription on the provider's id, license on
 * the order), so applying the event again changes nothing.
 */
export async function applyPaymentCompleted(
  tx: Transaction,
  payment: CompletedPayment,
  context: ProvisioningContext,
): Promise<Mismatch | null> {
  return (await applyPaymentsCompleted(tx, [payment], context)).get(payment.eventId) ?? null;
}

/**
 * `applyPaymentCompleted` for many events of one provider at a few statements for all of them:
 * under load this is what keeps provisioning ahead of the payments coming in. Orders are locked
 * in id order, so concurrent batches wait on each other rather than deadlock. Each payment is
 * checked against its order as the order stands after the payments before it (`findPaymentMismatch`);
 * two that pay one order apply as one, the order's license issued once, each payment recorded once.
 * A payment that does not match is recorded all the same (the money moved) and held with its
 * reason; nothing is licensed for it, and it stays held, however its events come again, until the
 * owner decides. Answers the held ones by event id.
 *
 * `ownerAccepted` skips the check: the owner decided this payment pays its order, which makes it
 * the order's.
 */
export async function applyPaymentsCompleted(
  tx: Transaction,
  payments: CompletedPayment[],
  context: ProvisioningContext,
  { ownerAccepted = false } = {},
): Promise<Map<string, Mismatch>> {
  const orderIds = [...new Set(payments.map(({ event }) => event.orderId))].sort();
  const rows = await tx
    .select({ order: checkoutOrders, product: products, held: heldPaymentsOf(checkoutOrders.id) })
    .from(checkoutOrders)
    .innerJoin(products, eq(products.id, checkoutOrders.productId))
    .where(anyOf(checkoutOrders.id, orderIds))
    .orderBy(checkoutOrders.id)
    .for("update", { of: checkoutOrders });
  const orders = new Map(rows.map((row) => [row.order.id, row]));
  const missing = orderIds.find((id) => !orders.has(id));
  if (missing) throw new PermanentJobError(`No checkout order ${missing}`);

  // Each payment meets its order as the payments before it left it, as if applied one by one; one
  // held before stays held.
  const heldBefore = ownerAccepted
    ? new Map<string, Mismatch>()
    : await findHeldPayments(
        tx,
        context,
        rows.flatMap(({ held }) => held),
      );
  const standing = new Map(rows.map(({ order }) => [order.id, order]));
  const mismatches = new Map<string, Mismatch>();
  const matched: PaymentCompleted[] = [];
  for (const { eventId, event } of payments) {
    const { product } = orders.get(event.orderId)!;
    const order = standing.get(event.orderId)!;
    const mismatch = ownerAccepted
      ? null
      : (heldBefore.get(event.providerPaymentId) ?? findPaymentMismatch(order, product, event, context));
    if (mismatch) {
      mismatches.set(eventId, mismatch);
      continue;
    }
    matched.push(event);
    standing.set(event.orderId, { ...order, status: "paid", providerPaymentId: event.providerPaymentId });
  }

  // Every payment is recorded, matched or not (the money moved). A matched one is the order's,
  // under its buyer; a held one is whoever paid it (the provider's payer where it says), tied to no
  // order and taking no domain, so nothing the order named answers for it until the owner accepts.
  const buyers = payments.map(({ eventId, event }) => {
    const { order } = orders.get(event.orderId)!;
    if (!mismatches.has(eventId)) return { email: order.email, domain: order.domain };
    return { email: payerEmail(event.claim.payerEmail) ?? order.email, domain: null };
  });
  const tenants = await ensureTenants(tx, buyers);
  await recordPayments(
    tx,
    context,
    payments.map(({ eventId, event }, index) => ({
      tenantId: tenants[index]!.id,
      checkoutOrderId: mismatches.has(eventId) ? undefined : event.orderId,
      providerPaymentId: event.providerPaymentId,
      amountMinor: event.amountMinor,
      currency: event.currency,
      occurredAt: event.occurredAt,
    })),
  );
  if (mismatches.size > 0) {
    await holdPayments(
      tx,
      context,
      payments.flatMap(({ eventId, event }) => {
        const mismatch = mismatches.get(eventId);
        return mismatch ? [{ eventId, ...event, mismatch }] : [];
      }),
    );
  }
  const tenantByOrder = new Map(
    payments.flatMap(({ eventId, event }, index) =>
      mismatches.has(eventId) ? [] : [[event.orderId, tenants[index]!.id] as const],
    ),
  );
  if (ownerAccepted) {
    for (const event of matched) {
      const owner = { tenantId: tenantByOrder.get(event.orderId)!, checkoutOrderId: event.orderId };
      await tieHeldPayment(tx, context, event.providerPaymentId, owner);
    }
  }
  if (matched.length > 0) await provisionPurchases(tx, matched, orders, tenantByOrder, context);
  return mismatches;
}

// A provider's word for who paid is taken only as a plain email address; else the order's stands.
const PayerEmailSchema = z.email().max(254);
const payerEmail = (email: string | null) => {
  const parsed = PayerEmailSchema.safeParse(email?.trim());
  return parsed.success ? parsed.data : null;
};

type OrderWithProduct = { order: typeof checkoutOrders.$inferSelect; product: typeof products.$inferSelect };

/** The subscriptions and licenses of the orders these payments paid, and the orders marked paid. */
async function provisionPurchases(
  tx: Transaction,
  events: PaymentCompleted[],
  orders: Map<string, OrderWithProduct>,
  tenantByOrder: Map<string, string>,
  context: ProvisioningContext,
): Promise<void> {
  // The last payment for an order is the one the order keeps, as if they had applied one by one.
  const lastByOrder = new Map(events.map((event) => [event.orderId, event]));
  const purchases = [...lastByOrder.values()].map((event) => ({ event, ...orders.get(event.orderId)! }));
  const subscriptionByOrder = await ensureSubscriptions(tx, purchases, tenantByOrder, context);

  const licensed = await tx
    .select({ orderId: licenses.checkoutOrderId })
    .from(licenses)
    .where(anyOf(licenses.checkoutOrderId, [...lastByOrder.keys()]));
  const alreadyLicensed = new Set(licensed.map((row) => row.orderId));
  const unlicensed = purchases.filter(({ order }) => !alreadyLicensed.has(order.id));
  if (unlicensed.length > 0) {
    await issueLicenses(
      tx,
      unlicensed.map(({ order, event }) => ({
        tenantId: tenantByOrder.get(order.id)!,
        productId: order.productId,
        environment: context.environment,
        subscriptionId: subscriptionByOrder.get(order.id)?.id,
        checkoutOrderId: order.id,
        paidThrough: subscriptionByOrder.get(order.id)?.paidThrough,
        now: event.occurredAt,
      })),
    );
  }
  await markOrdersPaid(tx, [...lastByOrder.values()]);
}

/**
 * The subscription each subscription purchase starts, created once per provider subscription id
 * (active, paid through the period the provider names, else one billing period).
 */
async function ensureSubscriptions(
  tx: Transaction,
  purchases: { event: PaymentCompleted; order: { id: string }; product: typeof products.$inferSelect }[],
  tenantByOrder: Map<string, string>,
  context: ProvisioningContext,
): Promise<Map<string, { id: string; paidThrough: Date }>> {
  const started = purchases
    .filter(({ product, event }) => product.kind === "subscription" && event.providerSubscriptionId)
    .map(({ event, order, product }) => ({
      order,
      product,
      event,
      providerSubscriptionId: event.providerSubscriptionId!,
      paidThrough: event.paidThrough ?? addBillingPeriod(event.occurredAt, product.billingInterval ?? "month"),
    }));
  if (started.length === 0) return new Map();
  await tx
    .insert(subscriptions)
    .values(
      started.map(({ order, product, event, providerSubscriptionId, paidThrough }) => ({
        tenantId: tenantByOrder.get(order.id)!,
        productId: product.id,
        provider: context.provider,
        providerSubscriptionId,
        status: "active" as const,
        environment: context.environment,
        currentPeriodEnd: paidThrough,
        lastEventAt: event.occurredAt,
      })),
    )
    .onConflictDoNothing({ target: [subscriptions.provider, subscriptions.providerSubscriptionId] });
  const held = await tx
    .select({ id: subscriptions.id, providerSubscriptionId: subscriptions.providerSubscriptionId })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.provider, context.provider),
        anyOf(
          subscriptions.providerSubscriptionId,
          started.map((start) => start.providerSubscriptionId),
        ),
      ),
    )
    .orderBy(subscriptions.id)
    .for("update");
  const ids = new Map(held.map((row) => [row.providerSubscriptionId, row.id]));
  return new Map(
    started.map(({ order, providerSubscriptionId, paidThrough }) => [
      order.id,
      { id: ids.get(providerSubscriptionId)!, paidThrough },
    ]),
  );
}

/** Every order paid by the payment (and subscription) its last event names, in one statement. */
async function markOrdersPaid(tx: Transaction, events: PaymentCompleted[]): Promise<void> {
  await tx.execute(sql`
    update ${checkoutOrders}
       set status = 'paid', provider_payment_id = paid.payment_id,
           provider_subscription_id = paid.subscription_id, updated_at = now()
      from unnest(${arrayOf(events, (event) => event.orderId, "uuid")},
                  ${arrayOf(events, (event) => event.providerPaymentId, "text")},
                  ${arrayOf(events, (event) => event.providerSubscriptionId, "text")})
           as paid(order_id, payment_id, subscription_id)
     where ${checkoutOrders.id} = paid.order_id`);
}

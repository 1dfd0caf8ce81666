import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { checkoutOrders, licenses, products, subscriptions } from "@/db/schema";
import { PermanentJobError } from "@/lib/queue";
import { addBillingPeriod, issueLicense } from "@/services/license";
import { ensureTenant } from "@/services/provisioning/ensure-tenant";
import { recordPayment } from "@/services/provisioning/payments";
import { lockSubscription } from "@/services/provisioning/lock-subscription";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";
import type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";

type PaymentCompleted = Extract<ProvisioningEvent, { kind: "payment_completed" }>;

/**
 * A checkout paid: the buyer becomes (or stays) a tenant, the payment a transaction, a
 * subscription purchase a subscription, and the order gets its one license. Everything is keyed
 * (transaction on the provider's payment id, subscription on the provider's id, license on the
 * order), so applying the event again changes nothing.
 */
export async function applyPaymentCompleted(
  tx: Transaction,
  event: PaymentCompleted,
  context: ProvisioningContext,
): Promise<void> {
  const [order] = await tx.select().from(checkoutOrders).where(eq(checkoutOrders.id, event.orderId)).for("update");
  if (!order) throw new PermanentJobError(`No checkout order ${event.orderId}`);
  const [product] = await tx.select().from(products).where(eq(products.id, order.productId));
  const tenant = await ensureTenant(tx, { email: order.email, domain: order.domain });

  await recordPayment(tx, context, {
    tenantId: tenant.id,
    checkoutOrderId: order.id,
    providerPaymentId: event.providerPaymentId,
    amountMinor: event.amountMinor,
    currency: event.currency,
    occurredAt: event.occurredAt,
  });

  let subscriptionId: string | undefined;
  let paidThrough: Date | undefined;
  if (product!.kind === "subscription" && event.providerSubscriptionId) {
    paidThrough = event.paidThrough ?? addBillingPeriod(event.occurredAt, product!.billingInterval ?? "month");
    await tx
      .insert(subscriptions)
      .values({
        tenantId: tenant.id,
        productId: product!.id,
        provider: context.provider,
        providerSubscriptionId: event.providerSubscriptionId,
        status: "active",
        environment: context.environment,
        currentPeriodEnd: paidThrough,
        lastEventAt: event.occurredAt,
      })
      .onConflictDoNothing({ target: [subscriptions.provider, subscriptions.providerSubscriptionId] });
    subscriptionId = (await lockSubscription(tx, context, event.providerSubscriptionId)).id;
  }

  const [license] = await tx.select({ id: licenses.id }).from(licenses).where(eq(licenses.checkoutOrderId, order.id));
  if (!license) {
    await issueLicense(tx, {
      tenantId: tenant.id,
      productId: order.productId,
      subscriptionId,
      checkoutOrderId: order.id,
      paidThrough,
      now: event.occurredAt,
    });
  }
  await tx
    .update(checkoutOrders)
    .set({
      status: "paid",
      providerPaymentId: event.providerPaymentId,
      providerSubscriptionId: event.providerSubscriptionId,
      updatedAt: new Date(),
    })
    .where(eq(checkoutOrders.id, order.id));
}

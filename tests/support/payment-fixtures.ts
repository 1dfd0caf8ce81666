import { randomUUID } from "node:crypto";
import type { Executor } from "@/db/client";
import { subscriptions, transactions, type NewProduct, type Provider, type Subscription } from "@/db/schema";
import { createProduct, createTenant } from "@/tests/support/license-fixtures";

/** A tenant's successful payment, as provisioning records one. */
export async function createPayment(
  db: Executor,
  overrides: {
    provider?: Provider;
    amountMinor?: number;
    currency?: string;
    occurredAt?: Date;
    providerTransactionId?: string;
  } = {},
) {
  const tenant = await createTenant(db);
  const [payment] = await db
    .insert(transactions)
    .values({
      tenantId: tenant.id,
      provider: overrides.provider ?? "stripe",
      providerTransactionId: overrides.providerTransactionId ?? `pi_${randomUUID()}`,
      kind: "payment",
      amountMinor: overrides.amountMinor ?? 100_00,
      currency: overrides.currency ?? "USD",
      status: "succeeded",
      environment: "test",
      occurredAt: overrides.occurredAt ?? new Date(),
    })
    .returning();
  return payment!;
}

/** A tenant's active subscription to a new product, as provisioning records one. */
export async function createSubscription(
  db: Executor,
  overrides: { provider?: Provider; status?: Subscription["status"]; product?: Partial<NewProduct> } = {},
): Promise<Subscription> {
  const tenant = await createTenant(db);
  const product = await createProduct(db, { kind: "subscription", billingInterval: "month", ...overrides.product });
  const [subscription] = await db
    .insert(subscriptions)
    .values({
      tenantId: tenant.id,
      productId: product.id,
      provider: overrides.provider ?? "stripe",
      providerSubscriptionId: `sub_${randomUUID()}`,
      status: overrides.status ?? "active",
      environment: "test",
      currentPeriodEnd: new Date(Date.now() + 20 * 24 * 60 * 60 * 1000),
    })
    .returning();
  return subscription!;
}

import type { Pool } from "pg";
import type { CheckoutPlan } from "@/bench/support/checkout-plan";

export interface ProvisioningCheck {
  lost: number;
  duplicated: number;
  summary: string;
}

/**
 * Compares the database with what the plans sent. Lost: an order not paid or without its license,
 * a payment or renewal not recorded, an event not processed. Duplicated: a second license, tenant
 * or transaction for the same thing, a renewal applied twice.
 */
export async function checkProvisioning(pool: Pool, plans: CheckoutPlan[]): Promise<ProvisioningCheck> {
  const orders = plans.flatMap((plan) => plan.orders);
  const renewed = plans.flatMap((plan) => plan.renewedOrders);
  const payments = plans.reduce((sum, plan) => sum + plan.payments, 0);
  const { rows } = await pool.query<Record<string, number>>(
    `select
       (select count(*) from checkout_orders o
         where o.id = any($1::uuid[])
           and (o.status <> 'paid' or not exists (select 1 from licenses l where l.checkout_order_id = o.id)))::int
         as unprovisioned_orders,
       (select count(*) from licenses)::int as licenses,
       (select count(distinct checkout_order_id) from licenses)::int as licensed_orders,
       (select count(*) from transactions where kind = 'payment')::int as payments,
       (select count(distinct provider_transaction_id) from transactions where kind = 'payment')::int
         as distinct_payments,
       (select count(*) from tenants)::int as tenants,
       (select count(distinct lower(email)) from tenants)::int as distinct_tenants,
       (select count(*) from licenses
         where checkout_order_id = any($2::uuid[]) and expires_at > issued_at + interval '45 days')::int
         as renewals_applied,
       (select count(*) from licenses
         where subscription_id is not null and expires_at > issued_at + interval '75 days')::int
         as renewed_twice,
       (select count(*) from webhook_events where status <> 'processed')::int as unprocessed_events`,
    [orders, renewed],
  );
  const found = rows[0]!;
  const missingPayments = Math.max(0, payments - found.distinct_payments!);
  const extraPayments = Math.max(0, found.distinct_payments! - payments);
  const lost =
    found.unprovisioned_orders! +
    missingPayments +
    (renewed.length - found.renewals_applied!) +
    found.unprocessed_events!;
  const duplicated =
    found.licenses! -
    found.licensed_orders! +
    (found.payments! - found.distinct_payments!) +
    extraPayments +
    (found.tenants! - found.distinct_tenants!) +
    found.renewed_twice!;
  const summary =
    `${orders.length} orders, ${found.licenses} licenses, ${found.payments} payments (${payments} made), ` +
    `${renewed.length} renewals sent before their checkout, ${found.renewals_applied} applied; ` +
    `${found.unprocessed_events} events not processed; lost ${lost}, duplicated ${duplicated}`;
  return { lost, duplicated, summary };
}

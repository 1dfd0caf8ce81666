import { simulatedCheckoutEvent } from "@/gateways/simulated/simulated-event";

export interface BenchProduct {
  id: string;
  priceMinor: number;
  currency: string;
  kind: "one_time" | "subscription";
}

export interface PlannedEvent {
  body: string;
  /** Set on an order's first checkout delivery: its payment-to-license latency is measured. */
  orderId?: string;
}

export interface CheckoutPlan {
  events: PlannedEvent[];
  /** Orders whose checkout the plan sends. */
  orders: string[];
  /** Subscription orders whose renewal the plan sends, before their checkout. */
  renewedOrders: string[];
  /** Payments the provider made: one per order, one per renewal. */
  payments: number;
}

/**
 * The events a provider would send for these orders, in the order it would send them, with the
 * provider's usual untidiness: every 20th checkout is delivered twice (the same event), every
 * 25th is sent again under a new event id (the same payment), and every other subscription's
 * first renewal arrives before the checkout that created it. Stops at `limit` events, never
 * between a renewal and its checkout.
 */
export function planCheckoutEvents(
  orders: { id: string; email: string; product: BenchProduct }[],
  limit: number,
  now = Date.now(),
): CheckoutPlan {
  const plan: CheckoutPlan = { events: [], orders: [], renewedOrders: [], payments: 0 };
  let subscriptions = 0;
  for (const [index, order] of orders.entries()) {
    const subscription = order.product.kind === "subscription";
    const renewFirst = subscription && subscriptions++ % 2 === 0;
    if (plan.events.length + (renewFirst ? 2 : 1) > limit) break;
    const createdAt = new Date(now + index);
    const checkout = simulatedCheckoutEvent(
      {
        ...order,
        orderId: order.id,
        amountMinor: order.product.priceMinor,
        currency: order.product.currency,
        subscription,
      },
      "approved",
      createdAt,
    );
    if (renewFirst) {
      plan.events.push({ body: renewalEvent(order.id, order.product, createdAt) });
      plan.renewedOrders.push(order.id);
      plan.payments++;
    }
    plan.events.push({ body: checkout, orderId: order.id });
    plan.orders.push(order.id);
    plan.payments++;
    if (index % 20 === 7 && plan.events.length < limit) plan.events.push({ body: checkout });
    if (index % 25 === 3 && plan.events.length < limit) plan.events.push({ body: asNewEvent(checkout) });
  }
  return plan;
}

/** The simulated provider's renewal of an order's subscription, a second later than its checkout. */
function renewalEvent(orderId: string, product: BenchProduct, checkoutAt: Date): string {
  const created = new Date(checkoutAt.getTime() + 1_000);
  return JSON.stringify({
    id: `sim_evt_${orderId}_renewed`,
    type: "subscription.renewed",
    created: created.toISOString(),
    data: {
      subscriptionId: `sim_sub_${orderId}`,
      paymentId: `sim_pay_${orderId}_renewal`,
      amountMinor: product.priceMinor,
      currency: product.currency,
      periodEnd: new Date(created.getTime() + 60 * 86_400_000).toISOString(),
    },
  });
}

function asNewEvent(body: string): string {
  const event = JSON.parse(body) as { id: string };
  return JSON.stringify({ ...event, id: `${event.id}_again` });
}

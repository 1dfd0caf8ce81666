import { randomUUID } from "node:crypto";
import type { Database } from "@/db/client";
import type { NewProduct } from "@/db/schema";
import { simulatedCheckoutEvent, type SimulatedOutcome } from "@/gateways/simulated/simulated-event";
import { createCheckoutSession, CreateCheckoutInputSchema } from "@/services/payment";
import { processWebhookEvent } from "@/services/webhook/process-webhook-event";
import { storeWebhookEvent } from "@/services/webhook/store-webhook-event";
import { createProduct } from "@/tests/support/license-fixtures";

/** A pending simulated checkout order for a new product. */
export async function simulatedOrder(db: Database, product: Partial<NewProduct> = {}, email = "buyer@example.com") {
  const created = await createProduct(db, product);
  const input = CreateCheckoutInputSchema.parse({
    productSlug: created.slug,
    provider: "simulated",
    email,
    domain: "shop.example",
  });
  const { orderId } = await createCheckoutSession(input, { db });
  return { orderId, product: created };
}

/** The simulated provider's checkout event for an order, as its page sends it. */
export function checkoutEvent(
  order: { orderId: string; product: { priceMinor: number; currency: string; kind: string } },
  outcome: SimulatedOutcome = "approved",
  now = new Date(),
): string {
  return simulatedCheckoutEvent(
    {
      orderId: order.orderId,
      email: "buyer@example.com",
      amountMinor: order.product.priceMinor,
      currency: order.product.currency,
      subscription: order.product.kind === "subscription",
    },
    outcome,
    now,
  );
}

/** Any other simulated provider event. */
export function simulatedEvent(type: string, data: Record<string, unknown>, created = new Date()): string {
  return JSON.stringify({ id: `sim_evt_${randomUUID()}`, type, created: created.toISOString(), data });
}

/** Stores a verified simulated event (once, like the intake) and processes it, as the worker does. */
export async function deliver(db: Database, body: string) {
  const { id, type } = JSON.parse(body) as { id: string; type: string };
  const stored = await storeWebhookEvent(db, "simulated", { providerEventId: id, type, environment: "test" }, body);
  return { eventId: stored.id, outcome: await processWebhookEvent(db, stored.id) };
}

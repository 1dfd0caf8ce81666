import { randomUUID } from "node:crypto";
import type { Database } from "@/db/client";
import { storeWebhookEvent } from "@/services/webhook/store-webhook-event";

/**
 * A verified event stored as the intake stores it, that provisions nothing when processed: the
 * simulated provider declining a checkout nobody placed. Another `type` is stored as given
 * (`ignored` when nobody handles it).
 */
export function storeInertEvent(db: Database, type = "checkout.failed") {
  const id = `sim_evt_${randomUUID()}`;
  const body = JSON.stringify({ id, type, created: new Date().toISOString(), data: { orderId: randomUUID() } });
  return storeWebhookEvent(db, "simulated", { providerEventId: id, type, environment: "test" }, body);
}

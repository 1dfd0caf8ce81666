import fs from "node:fs";

type Json = Record<string, unknown>;

const fixture = <T>(name: string): T => JSON.parse(fs.readFileSync(`tests/fixtures/stripe/${name}`, "utf8")) as T;

/**
 * Stripe's `checkout.session.completed` as its fixture has it (tests/fixtures/stripe), for a new
 * event, session and time: the benchmark's events change when the fixture does.
 */
export function stripeCheckoutCompleted(eventId: string, sessionId: string, created: Date): string {
  const event = fixture<Json & { data: { object: Json } }>("checkout.session.completed.json");
  return JSON.stringify({
    ...event,
    id: eventId,
    created: Math.floor(created.getTime() / 1000),
    data: { object: { ...event.data.object, id: sessionId } },
  });
}

/**
 * Stripe's copy of a session completed but still awaiting a delayed payment (the fixture's
 * `cs_test_delayed`), under a new id and order: reading its event records it, provisioning nothing.
 */
export function stripeUnpaidSession(sessionId: string, orderId: string): Json {
  const delayed = fixture<Json[]>("objects.json").find((object) => object.id === "cs_test_delayed");
  if (!delayed) throw new Error("tests/fixtures/stripe/objects.json has no cs_test_delayed session");
  return { ...delayed, id: sessionId, client_reference_id: orderId, metadata: { checkout_order_id: orderId } };
}

import { webhookDoor } from "@/app/api/webhooks/webhook-door";

/** Stripe's webhook endpoint: verified, stored once, queued, acknowledged. */
export const POST = webhookDoor("stripe");

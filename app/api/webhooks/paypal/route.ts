import { webhookDoor } from "@/app/api/webhooks/webhook-door";

/** PayPal's webhook endpoint: verified, stored once, queued, acknowledged. */
export const POST = webhookDoor("paypal");

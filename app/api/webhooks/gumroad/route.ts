import { webhookDoor } from "@/app/api/webhooks/webhook-door";

/** Gumroad's webhook endpoint: verified, stored once, queued, acknowledged. */
export const POST = webhookDoor("gumroad");

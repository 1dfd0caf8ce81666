import { webhookDoor } from "@/app/api/webhooks/webhook-door";

/** The simulated provider's webhook endpoint: verified, stored once, queued, acknowledged. */
export const POST = webhookDoor("simulated");

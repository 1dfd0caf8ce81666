import { handleWebhookRequest } from "@/app/api/webhooks/webhook-route";

/** PayPal's webhook endpoint: verified, stored once, queued, acknowledged. */
export function POST(request: Request): Promise<Response> {
  return handleWebhookRequest("paypal", request);
}

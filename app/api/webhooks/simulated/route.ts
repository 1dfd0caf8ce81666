import { handleWebhookRequest } from "@/app/api/webhooks/webhook-route";

/** The simulated provider's webhook endpoint: verified, stored once, queued, acknowledged. */
export function POST(request: Request): Promise<Response> {
  return handleWebhookRequest("simulated", request);
}

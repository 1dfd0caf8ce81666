import { handleWebhookRequest } from "@/app/api/webhooks/webhook-route";

/** Gumroad's webhook endpoint: verified, stored once, queued, acknowledged. */
export function POST(request: Request): Promise<Response> {
  return handleWebhookRequest("gumroad", request);
}

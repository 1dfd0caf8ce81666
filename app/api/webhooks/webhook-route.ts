import type { Provider } from "@/db/schema";
import { errorResponse } from "@/lib/errors";
import { readTextBody } from "@/lib/http";
import { receiveWebhook } from "@/services/webhook";

// Providers' events are small; a megabyte leaves room and bounds what an attacker can make us hash.
const MAX_WEBHOOK_BYTES = 1024 * 1024;

/** The one shape of every webhook endpoint: raw body → service (verify, store, queue) → 200. */
export async function handleWebhookRequest(provider: Provider, request: Request): Promise<Response> {
  try {
    const rawBody = await readTextBody(request, MAX_WEBHOOK_BYTES);
    const received = await receiveWebhook(provider, {
      rawBody,
      headers: request.headers,
      searchParams: new URL(request.url).searchParams,
    });
    return Response.json({ received: true, duplicate: !received.inserted, status: received.status });
  } catch (error) {
    return errorResponse(error);
  }
}

import { defineRoute } from "@/app/door";
import type { Provider } from "@/db/schema";
import { receiveWebhook } from "@/services/webhook";

// Providers' events are small; a megabyte leaves room and bounds what an attacker can make us hash.
const MAX_WEBHOOK_BYTES = 1024 * 1024;

/**
 * The one shape of every webhook endpoint: raw body → service (verify, store, queue) → 200. No
 * per-IP limit: a provider redelivers a backlog in bursts from a few addresses, and a forged call
 * costs one signature check over at most a megabyte and writes nothing.
 */
export function webhookDoor(provider: Provider) {
  return defineRoute({
    access: "public",
    rawBody: { maxBytes: MAX_WEBHOOK_BYTES },
    async handle({ rawBody, request }) {
      const received = await receiveWebhook(provider, {
        rawBody,
        headers: request.headers,
        searchParams: new URL(request.url).searchParams,
      });
      return { received: true, duplicate: !received.inserted, status: received.status };
    },
  });
}

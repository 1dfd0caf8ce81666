export { HANDLED_EVENT_TYPES } from "@/services/webhook/handled-event-types";
export { processWebhookEvent } from "@/services/webhook/process-webhook-event";
export { receiveWebhook, type ReceivedWebhook } from "@/services/webhook/receive-webhook";
export type { WebhookRequest } from "@/services/webhook/verify-webhook";

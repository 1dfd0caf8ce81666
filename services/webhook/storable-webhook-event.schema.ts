import { z } from "zod";
import type { Provider } from "@/db/schema";

// Providers' ids and types are short: Stripe's `evt_…` and PayPal's `WH-…` under 50 characters,
// Gumroad's body hash 64. The unique index on provider + id refuses a row past 2,704 bytes, so an
// id is held well under that even at four bytes a character; a type alike, to stay readable.
const MAX_EVENT_LABEL_LENGTH = 255;

// Control characters (C0, DEL, C1): NUL is refused outright by PostgreSQL's text, and none of them
// belongs in an id or a type. A lone surrogate reaches the database as U+FFFD, so the row stored
// would not carry the id sent, and its redelivery could not be found.
const CONTROL_CHARACTER = /\p{Cc}/u;
const LONE_SURROGATE = /\p{Cs}/u;

const EventLabelSchema = z
  .string()
  .min(1, "is empty")
  .max(MAX_EVENT_LABEL_LENGTH, `is longer than ${MAX_EVENT_LABEL_LENGTH} characters`)
  .refine((value) => !CONTROL_CHARACTER.test(value), "contains control characters")
  .refine((value) => !LONE_SURROGATE.test(value), "is not valid Unicode");

/** How each provider's webhook bodies are encoded, which says how a NUL may be written in them. */
export const WEBHOOK_PAYLOAD_ENCODINGS = {
  stripe: "json",
  paypal: "json",
  gumroad: "form",
  simulated: "json",
} as const satisfies Record<Provider, "json" | "form">;

// A `\u0000` escape that is not itself escaped (`\\u0000` is a backslash, then the text `u0000`),
// and its form-encoded counterpart.
const NUL_ESCAPES = { json: /(?<!\\)(?:\\\\)*\\u0000/, form: /%00/ } as const;

/**
 * What the webhook store must be able to hold of a verified event. A payload holding a NUL, raw or
 * escaped, is refused too: text cannot hold a raw one, and an escaped one decodes to a NUL that
 * whatever reads the payload could not store either, however often it retried.
 */
export const StorableWebhookEventSchema = z
  .object({
    id: EventLabelSchema,
    type: EventLabelSchema,
    encoding: z.enum(["json", "form"]),
    payload: z.string(),
  })
  .superRefine(({ encoding, payload }, ctx) => {
    if (payload.includes("\u0000") || NUL_ESCAPES[encoding].test(payload)) {
      ctx.addIssue({ code: "custom", path: ["payload"], message: "contains a NUL character (\\u0000)" });
    }
  });

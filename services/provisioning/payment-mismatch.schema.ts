import { z } from "zod";
import { MISMATCH_STATUSES } from "@/db/schema";

const LISTED = [...MISMATCH_STATUSES, "all"] as const;

export const ListPaymentMismatchesInputSchema = z.object({
  /** Which to list: `open` (those waiting for the owner) by default, or `all`. */
  status: z.enum(LISTED, { message: `must be one of ${LISTED.join(", ")}` }).default("open"),
  limit: z
    .union([
      z.number(),
      z
        .string()
        .regex(/^\d{1,4}$/, { message: "must be a whole number" })
        .transform(Number),
    ])
    .pipe(z.number().int().min(1, { message: "must be at least 1" }).max(500, { message: "must be at most 500" }))
    .default(100),
});
export type ListPaymentMismatchesInput = z.infer<typeof ListPaymentMismatchesInputSchema>;

const PAYMENT_RESOLUTIONS = ["accept", "refund"] as const;

export const ResolvePaymentMismatchInputSchema = z.object({
  mismatchId: z.uuid({ message: "must be a payment mismatch id" }),
  /** `accept`: the payment pays its order after all (provisioned as if it matched); `refund`: it goes back, whole. */
  resolution: z.enum(PAYMENT_RESOLUTIONS, { message: "must be accept or refund" }),
});
export type ResolvePaymentMismatchInput = z.infer<typeof ResolvePaymentMismatchInputSchema>;

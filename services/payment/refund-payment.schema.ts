import { z } from "zod";
import { MinorUnitsSchema } from "@/lib/money";

export const RefundInputSchema = z.object({
  transactionId: z.uuid({ message: "must be a transaction id" }),
  /** In the payment's minor units; the whole remaining amount when left out. */
  amountMinor: MinorUnitsSchema.refine((amount) => amount > 0, { message: "must be more than zero" }).optional(),
});

export type RefundInput = z.infer<typeof RefundInputSchema>;

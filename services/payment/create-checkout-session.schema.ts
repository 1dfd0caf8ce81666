import { z } from "zod";
import { PROVIDERS } from "@/db/schema";
import { DomainSchema } from "@/lib/domain/domain.schema";
import { CurrencyCodeSchema } from "@/lib/money";

export const CreateCheckoutInputSchema = z.object({
  productSlug: z.string().trim().min(1, { message: "must name a product" }).max(100),
  provider: z.enum(PROVIDERS, { message: `must be one of ${PROVIDERS.join(", ")}` }),
  email: z
    .email({ message: "must be an email address" })
    .max(254)
    .transform((email) => email.toLowerCase()),
  /** The site the purchase is for; licenses bind to it on activation. */
  domain: DomainSchema.optional(),
  /** When given, must be the currency the product is sold in. */
  currency: CurrencyCodeSchema.optional(),
});

export type CreateCheckoutInput = z.infer<typeof CreateCheckoutInputSchema>;

export const CreatePaypalOrderInputSchema = CreateCheckoutInputSchema.omit({ provider: true });

export const CaptureOrderInputSchema = z.object({ orderId: z.uuid({ message: "must be an order id" }) });

import { z } from "zod";
import { BILLING_INTERVALS, PRODUCT_KINDS } from "@/db/schema";
import { CurrencyCodeSchema, currencyExponent, parseMajorUnits } from "@/lib/money";

/** A provider id given literally, or by the name of the variable that holds it. */
const ProviderIdSchema = z.union([
  z.string().trim().min(1),
  z.object({ env: z.string().regex(/^[A-Z][A-Z0-9_]*$/, { message: "must be an upper-case variable name" }) }),
]);

export const CatalogProductSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "must be lower-case words joined by hyphens" }),
    name: z.string().trim().min(1),
    description: z.string().trim().default(""),
    kind: z.enum(PRODUCT_KINDS),
    // Prices are written in major units as decimal strings ("49.00", "199000"), never numbers.
    price: z.object({
      amount: z.string().regex(/^\d+(\.\d+)?$/, { message: 'must be a decimal string such as "49.00"' }),
      currency: CurrencyCodeSchema,
    }),
    billingInterval: z.enum(BILLING_INTERVALS).optional(),
    activationLimit: z.number().int().min(1).default(1),
    active: z.boolean().default(true),
    providers: z
      .object({
        stripePriceId: ProviderIdSchema.optional(),
        paypalPlanId: ProviderIdSchema.optional(),
        gumroadPermalink: ProviderIdSchema.optional(),
      })
      .default({}),
  })
  .refine((p) => (p.kind === "subscription") === (p.billingInterval !== undefined), {
    message: "is required for subscriptions and not allowed for one-time products",
    path: ["billingInterval"],
  })
  .superRefine((p, ctx) => {
    const decimals = p.price.amount.split(".")[1]?.length ?? 0;
    const allowed = currencyExponent(p.price.currency);
    if (decimals > allowed) {
      ctx.addIssue({
        code: "custom",
        path: ["price", "amount"],
        message: `${p.price.currency} takes at most ${allowed} decimal places`,
      });
      return;
    }
    try {
      parseMajorUnits(p.price.amount, p.price.currency);
    } catch {
      ctx.addIssue({ code: "custom", path: ["price", "amount"], message: "is too large" });
    }
  });

export const CatalogFileSchema = z.object({
  products: z.array(CatalogProductSchema).min(1),
});

export type CatalogProduct = z.infer<typeof CatalogProductSchema>;
export type CatalogFile = z.infer<typeof CatalogFileSchema>;

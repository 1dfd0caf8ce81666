import { z } from "zod";
import { gatewayError, isTransientStatus } from "@/gateways/gateway-error";

const API = "https://api.gumroad.com/v2";

const GumroadAnswerSchema = z.looseObject({ success: z.boolean(), message: z.string().optional() });

/**
 * One call to Gumroad's REST API v2 with the seller's access token. Gumroad answers
 * `{ success, message?, … }`; anything but success becomes a `gateway_error` carrying Gumroad's
 * message, transient for a network failure, a 5xx or a 429.
 */
export async function callGumroad<T extends z.ZodType>(
  accessToken: string,
  request: { method: "GET" | "POST" | "PUT"; path: string; form?: Record<string, string> },
  schema: T,
): Promise<z.infer<T>> {
  let response: Response;
  try {
    response = await fetch(`${API}${request.path}`, {
      method: request.method,
      headers: { authorization: `Bearer ${accessToken}` },
      body: request.form ? new URLSearchParams(request.form) : undefined,
      signal: AbortSignal.timeout(20_000),
    });
  } catch (error) {
    throw gatewayError("gumroad", "Gumroad could not be reached", { transient: true, cause: error });
  }
  const body: unknown = await response.json().catch(() => null);
  const answer = GumroadAnswerSchema.safeParse(body);
  if (!response.ok || !answer.success || !answer.data.success) {
    const reason = answer.success && answer.data.message ? answer.data.message : `HTTP ${response.status}`;
    throw gatewayError("gumroad", reason, { transient: isTransientStatus(response.status), status: response.status });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw gatewayError("gumroad", "an answer of an unexpected shape", { transient: false });
  return parsed.data;
}

const SaleSchema = z.looseObject({
  id: z.string(),
  email: z.string(),
  product_id: z.string(),
  /** The product's page, `https://<seller>.gumroad.com/l/<permalink>`. */
  product_permalink: z.string().optional(),
  /** The discount code the buyer used, one the seller set up (a name, or `{ name, displayed_amount_off }`). */
  offer_code: z
    .union([z.string(), z.looseObject({ name: z.string() }).transform((code) => code.name)])
    .nullable()
    .optional(),
  price: z.number().int(),
  currency: z.string().optional(),
  refunded: z.boolean().optional(),
  url_params: z.record(z.string(), z.string()).optional(),
});
export type GumroadSale = z.infer<typeof SaleSchema>;

/** The sale as Gumroad has it now (provisioning re-fetches instead of trusting a ping). */
export async function lookupGumroadSale(accessToken: string, saleId: string): Promise<GumroadSale> {
  const { sale } = await callGumroad(
    accessToken,
    { method: "GET", path: `/sales/${encodeURIComponent(saleId)}` },
    z.object({ sale: SaleSchema }),
  );
  return sale;
}

/**
 * Whether a Gumroad license key is good for a product, without counting a use
 * (`increment_uses_count=false`): checking a key must not spend the buyer's activations.
 */
export async function verifyGumroadLicense(
  accessToken: string,
  { productId, licenseKey }: { productId: string; licenseKey: string },
): Promise<{ uses: number; saleId: string; refunded: boolean }> {
  const { uses, purchase } = await callGumroad(
    accessToken,
    {
      method: "POST",
      path: "/licenses/verify",
      form: { product_id: productId, license_key: licenseKey, increment_uses_count: "false" },
    },
    z.object({
      uses: z.number().int(),
      purchase: z.looseObject({ sale_id: z.string(), refunded: z.boolean().optional() }),
    }),
  );
  return { uses, saleId: purchase.sale_id, refunded: purchase.refunded ?? false };
}

/** What one of the seller's offer codes takes off, as Gumroad records it. */
export type GumroadOfferCode = { amountOffMinor: number } | { percentOff: number };

const OfferCodeSchema = z.looseObject({
  name: z.string(),
  amount_cents: z.number().int().nonnegative().nullable().optional(),
  percent_off: z.number().min(0).max(100).nullable().optional(),
});

/**
 * The seller's offer code of this name for the product (Gumroad matches codes whatever their
 * case), or null when the product has no such code.
 */
export async function findGumroadOfferCode(
  accessToken: string,
  productId: string,
  name: string,
): Promise<GumroadOfferCode | null> {
  const { offer_codes: codes } = await callGumroad(
    accessToken,
    { method: "GET", path: `/products/${encodeURIComponent(productId)}/offer_codes` },
    z.object({ offer_codes: z.array(OfferCodeSchema) }),
  );
  const code = codes.find((candidate) => candidate.name.toLowerCase() === name.trim().toLowerCase());
  if (code?.percent_off != null) return { percentOff: code.percent_off };
  if (code?.amount_cents != null) return { amountOffMinor: code.amount_cents };
  return null;
}

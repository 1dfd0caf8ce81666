import type { CheckoutOrder, MismatchReason, Product } from "@/db/schema";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";
import type { Discount, PaymentClaim, ProductField } from "@/services/provisioning/provisioning-event";

/** Why a payment does not pay its order: a stable reason, and what differed in words and figures. */
export interface Mismatch {
  reason: MismatchReason;
  /** `amount_mismatch: paid 7900 USD, order 149000 USD` */
  detail: string;
}

export type OrderToPay = Pick<
  CheckoutOrder,
  "provider" | "environment" | "status" | "providerPaymentId" | "providerCheckoutId" | "amountMinor" | "currency"
>;
export type ProductToPay = Pick<Product, "stripePriceId" | "paypalPlanId" | "gumroadPermalink">;
export interface PaymentToCheck {
  providerPaymentId: string;
  amountMinor: number;
  currency: string;
  claim: PaymentClaim;
}

const mismatch = (reason: MismatchReason, what: string): Mismatch => ({ reason, detail: `${reason}: ${what}` });

/**
 * Whether a payment pays the order it names, before anything is licensed; null when it does, or
 * when it already did (the order paid by this very payment: a redelivery). In this order:
 * - the provider is the order's, and live money pays live orders, test money test orders;
 * - the order waits for payment: pending, or failed and now paid after all (a declined PayPal
 *   capture retried); paid by another payment, or expired, it does not;
 * - what the provider names as bought is the order's product (Stripe price, PayPal plan or order,
 *   Gumroad product), where it names anything;
 * - the amount covers the order's, in its currency: as paid, as the provider converted it, or as
 *   discounted by a code the owner set up at the provider.
 */
export function findPaymentMismatch(
  order: OrderToPay,
  product: ProductToPay,
  payment: PaymentToCheck,
  context: ProvisioningContext,
): Mismatch | null {
  if (order.status === "paid" && order.providerPaymentId === payment.providerPaymentId) return null;
  if (context.provider !== order.provider) {
    return mismatch("provider_mismatch", `paid through ${context.provider}, order for ${order.provider}`);
  }
  if (context.environment !== order.environment) {
    return mismatch("environment_mismatch", `${context.environment} payment, ${order.environment} order`);
  }
  if (order.status === "paid") {
    return mismatch("order_already_paid", `order paid by ${order.providerPaymentId ?? "another payment"}`);
  }
  if (order.status === "expired") return mismatch("order_not_payable", "order expired");

  const { claim } = payment;
  if (claim.product) {
    const expected = expectedIds(claim.product.field, order, product);
    const canonical = canonicalId(claim.product.field);
    const named = claim.product.ids.flatMap(namesOf).map(canonical);
    if (!expected.flatMap(namesOf).some((id) => named.includes(canonical(id)))) {
      return mismatch(
        "product_mismatch",
        `paid for ${claim.product.field} ${claim.product.ids.join(" / ") || "(none)"}, order for ${expected.join(" / ") || "(none configured)"}`,
      );
    }
  }

  const paid = claim.converted ?? { amountMinor: payment.amountMinor, currency: payment.currency };
  const stated = claim.converted
    ? `paid ${payment.amountMinor} ${payment.currency} (${paid.amountMinor} ${paid.currency} converted)`
    : `paid ${paid.amountMinor} ${paid.currency}`;
  const ordered = `order ${order.amountMinor} ${order.currency}`;
  if (paid.currency !== order.currency) return mismatch("currency_mismatch", `${stated}, ${ordered}`);
  if (paid.amountMinor >= order.amountMinor) return null;
  const { discount } = claim;
  if (discount && discountCovers(discount, paid.amountMinor, order.amountMinor)) return null;
  const discounted = discount ? ` with code ${discount.code} (${describe(discount)})` : "";
  return mismatch("amount_mismatch", `${stated}${discounted}, ${ordered}`);
}

/**
 * Whether the owner's discount explains a payment below the order's amount: the price before it
 * covers the order, or the order's amount less what the code takes off of it is paid.
 */
function discountCovers(discount: Discount, paidMinor: number, orderMinor: number): boolean {
  if ("listPriceMinor" in discount) return discount.listPriceMinor >= orderMinor;
  if ("amountOffMinor" in discount) return paidMinor + discount.amountOffMinor >= orderMinor;
  // A percentage rounds either way at the provider: up to one minor unit of it is given.
  return paidMinor + Math.ceil((orderMinor * discount.percentOff) / 100) >= orderMinor;
}

function describe(discount: Discount): string {
  if ("listPriceMinor" in discount) return `list price ${discount.listPriceMinor}`;
  if ("amountOffMinor" in discount) return `${discount.amountOffMinor} off`;
  return `${discount.percentOff}% off`;
}

/** The ids the provider would name for the order's product. */
function expectedIds(field: ProductField, order: OrderToPay, product: ProductToPay): string[] {
  const ids = (() => {
    switch (field) {
      case "stripe_price":
        return [product.stripePriceId];
      case "paypal_plan":
        return [product.paypalPlanId];
      case "paypal_order":
        return [order.providerCheckoutId];
      case "gumroad_product":
        return [product.gumroadPermalink];
    }
  })();
  return ids.filter((id): id is string => Boolean(id));
}

/** An id, or a product page's URL and its last segment, the permalink (Gumroad's pages, in the catalog and in sales). */
function namesOf(id: string): string[] {
  if (!/^https?:\/\//.test(id)) return [id];
  const segments = URL.canParse(id) ? new URL(id).pathname.split("/").filter(Boolean) : [];
  return segments.length > 0 ? [id, segments.at(-1)!] : [id];
}

// Gumroad's permalinks are matched whatever their case (its pages answer either way); Stripe's and
// PayPal's ids exactly.
const canonicalId = (field: ProductField) => (id: string) =>
  field === "gumroad_product" ? id.trim().toLowerCase() : id;

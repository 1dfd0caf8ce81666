import type { GumroadOfferCode, GumroadSale } from "@/gateways/gumroad/gumroad-api";
import { isTransientGatewayError } from "@/gateways/gateway-error";
import { GUMROAD_SUBSCRIPTION_RESOURCES } from "@/gateways/gumroad/gumroad-resources";
import { PermanentJobError } from "@/lib/queue";
import type { StoredEvent } from "@/services/provisioning/provisioning-context";
import { cancelled, type PaymentClaim, type ProvisioningEvent } from "@/services/provisioning/provisioning-event";

/**
 * What Gumroad's API tells, when an access token lets us ask: a sale as it is now (the ping is
 * then only a hint), and what one of the seller's offer codes takes off.
 */
export type GumroadLookups = {
  sale(saleId: string): Promise<GumroadSale>;
  offerCode(productId: string, name: string): Promise<GumroadOfferCode | null>;
} | null;

/**
 * Reads a Gumroad ping (a form post; `resource_name` says what happened). A sale carries our order
 * id back as the URL parameter `checkout_order_id`; with an access token configured the sale is
 * re-fetched and its price and refund state are Gumroad's, not the ping's. Gumroad names no refund:
 * a refunded sale's refund is keyed `<sale id>:refund`. A membership's pings name no sale.
 */
export async function readGumroadEvent(
  { type, payload, receivedAt }: Pick<StoredEvent, "type" | "payload" | "receivedAt">,
  gumroad: GumroadLookups,
): Promise<ProvisioningEvent> {
  const ping = new URLSearchParams(payload);
  if (GUMROAD_SUBSCRIPTION_RESOURCES.has(type)) return readMembershipPing(type, ping, receivedAt);
  const saleId = ping.get("sale_id");
  const subscriptionId = ping.get("subscription_id") || null;
  const occurredAt = timeOf(ping, "sale_timestamp") ?? receivedAt;
  if (!saleId) throw new PermanentJobError("Gumroad ping without a sale_id");
  const sale = gumroad ? await gumroad.sale(saleId) : null;
  const priceMinor = sale?.price ?? Number(ping.get("price"));
  const currency = (sale?.currency ?? ping.get("currency") ?? "usd").toUpperCase();
  switch (type) {
    case "sale": {
      if (ping.get("is_recurring_charge") === "true" && subscriptionId) {
        return {
          kind: "subscription_renewed",
          providerSubscriptionId: subscriptionId,
          providerPaymentId: saleId,
          amountMinor: priceMinor,
          currency,
          occurredAt,
          paidThrough: null,
        };
      }
      const orderId = sale?.url_params?.checkout_order_id ?? ping.get("url_params[checkout_order_id]");
      if (!orderId) throw new PermanentJobError(`Gumroad sale ${saleId} names no order`);
      if (!Number.isSafeInteger(priceMinor)) throw new PermanentJobError(`Gumroad sale ${saleId} has no price`);
      return {
        kind: "payment_completed",
        orderId,
        providerPaymentId: saleId,
        amountMinor: priceMinor,
        currency,
        occurredAt,
        providerSubscriptionId: subscriptionId,
        paidThrough: null,
        claim: await claimOf(ping, sale, gumroad),
      };
    }
    case "refund":
      if (sale && !sale.refunded) return { kind: "recorded_only" };
      return {
        kind: "payment_refunded",
        providerPaymentId: saleId,
        refunds: [{ providerRefundId: `${saleId}:refund`, amountMinor: priceMinor, currency }],
        occurredAt,
      };
    case "dispute":
      return { kind: "dispute_opened", providerPaymentId: saleId, occurredAt };
    case "dispute_won":
      return { kind: "dispute_won", providerPaymentId: saleId, occurredAt };
    default:
      return { kind: "recorded_only" };
  }
}

/**
 * What the sale bought, by Gumroad's names of the product (its id, permalink, page), never by the
 * order id in the URL, which the buyer can edit; the seller's offer code it used, with what
 * Gumroad records the code takes off (a sale states the code, not the discount, so without an
 * access token to ask, a code explains nothing); and who paid. Gumroad's copy of the sale where it
 * was read, else the authenticated ping.
 */
async function claimOf(
  ping: URLSearchParams,
  sale: GumroadSale | null,
  gumroad: GumroadLookups,
): Promise<PaymentClaim> {
  const names = sale
    ? [sale.product_id, sale.product_permalink]
    : ["product_id", "permalink", "short_product_id", "product_permalink"].map((field) => ping.get(field));
  const productId = sale?.product_id ?? ping.get("product_id");
  const code = (sale ? sale.offer_code : ping.get("offer_code"))?.trim();
  const terms = code && productId && gumroad ? await offerCodeTerms(gumroad, productId, code) : null;
  return {
    product: { field: "gumroad_product", ids: names.filter((name): name is string => Boolean(name)) },
    converted: null,
    discount: code && terms ? { code, ...terms } : null,
    payerEmail: sale?.email ?? ping.get("email"),
  };
}

/**
 * What Gumroad lists the code takes off. An answer that will never come (no such product, a token
 * without the scope) leaves the code explaining nothing, so a short payment is held rather than
 * stuck; Gumroad being briefly away is retried.
 */
async function offerCodeTerms(gumroad: NonNullable<GumroadLookups>, productId: string, code: string) {
  try {
    return await gumroad.offerCode(productId, code);
  } catch (error) {
    if (isTransientGatewayError(error)) throw error;
    return null;
  }
}

const timeOf = (ping: URLSearchParams, field: string) => {
  const time = new Date(ping.get(field) ?? Number.NaN);
  return Number.isNaN(time.getTime()) ? null : time;
};

/**
 * A membership's ping: cancelled (it runs to `cancelled_at`, then stops), ended, or restarted. A
 * change of plan is recorded only: the next sale ping says what was paid. A cancellation states
 * no time of its own: Gumroad sends it when the buyer asks, so it happened when it arrived.
 */
function readMembershipPing(type: string, ping: URLSearchParams, receivedAt: Date): ProvisioningEvent {
  const subscriptionId = ping.get("subscription_id");
  if (!subscriptionId) throw new PermanentJobError(`Gumroad ${type} without a subscription_id`);
  const synced = { kind: "subscription_synced", providerSubscriptionId: subscriptionId } as const;
  switch (type) {
    case "cancellation":
      // Sent when the buyer asks; the paid period still runs to cancelled_at.
      return cancelled(subscriptionId, receivedAt, timeOf(ping, "cancelled_at"));
    case "subscription_ended": {
      const endedAt = timeOf(ping, "ended_at") ?? receivedAt;
      return { ...synced, status: "expired", currentPeriodEnd: endedAt, cancelAtPeriodEnd: false, occurredAt: endedAt };
    }
    case "subscription_restarted": {
      const restartedAt = timeOf(ping, "restarted_at") ?? receivedAt;
      return { ...synced, status: "active", currentPeriodEnd: null, cancelAtPeriodEnd: false, occurredAt: restartedAt };
    }
    default:
      return { kind: "recorded_only" };
  }
}

import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { amountMinor, createdAt, currency, ENVIRONMENTS, id, oneOf, PROVIDERS, updatedAt } from "@/db/schema/columns";
import { productId } from "@/db/schema/references";

export const CHECKOUT_ORDER_STATUSES = ["pending", "paid", "failed", "expired"] as const;

/**
 * Created before the customer is sent to a provider. Its id travels to the provider and comes back
 * in the webhook, so provisioning learns product, buyer and domain without trusting the payload.
 */
export const checkoutOrders = pgTable(
  "checkout_orders",
  {
    id: id(),
    productId: productId(),
    email: text("email").notNull(),
    domain: text("domain"),
    provider: text("provider", { enum: PROVIDERS }).notNull(),
    /** Live or test money, as the provider's account that takes the payment: test money never pays a live order. */
    environment: text("environment", { enum: ENVIRONMENTS }).notNull(),
    amountMinor: amountMinor(),
    currency: currency(),
    status: text("status", { enum: CHECKOUT_ORDER_STATUSES }).notNull().default("pending"),
    /** Stripe Checkout Session, PayPal order or subscription, Gumroad sale. */
    providerCheckoutId: text("provider_checkout_id"),
    providerPaymentId: text("provider_payment_id"),
    providerSubscriptionId: text("provider_subscription_id"),
    /** When the buyer's page showed the license key: it is shown once. */
    licenseRevealedAt: timestamp("license_revealed_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("checkout_orders_provider_checkout_key").on(t.provider, t.providerCheckoutId),
    index("checkout_orders_email_idx").on(t.email),
    check("checkout_orders_amount_not_negative", sql`${t.amountMinor} >= 0`),
    check("checkout_orders_provider_valid", oneOf(t.provider, PROVIDERS)),
    check("checkout_orders_status_valid", oneOf(t.status, CHECKOUT_ORDER_STATUSES)),
    check("checkout_orders_environment_valid", oneOf(t.environment, ENVIRONMENTS)),
  ],
);

export type CheckoutOrder = typeof checkoutOrders.$inferSelect;
export type NewCheckoutOrder = typeof checkoutOrders.$inferInsert;

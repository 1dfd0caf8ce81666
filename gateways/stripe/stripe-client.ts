import Stripe from "stripe";

/** The one place the Stripe API version is pinned: payload shapes follow it. */
export const STRIPE_API_VERSION = "2026-10-28.endive" satisfies Stripe.LatestApiVersion;

export { Stripe };

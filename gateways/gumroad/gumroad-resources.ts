/**
 * Gumroad's resources about a membership rather than a sale. Their pings carry the subscription
 * (`subscription_id`, `user_email` …) and neither a sale id nor the seller's id.
 */
export const GUMROAD_SUBSCRIPTION_RESOURCES: ReadonlySet<string> = new Set([
  "cancellation",
  "subscription_updated",
  "subscription_ended",
  "subscription_restarted",
]);

import type { Env } from "@/lib/env";

/**
 * Where each provider's hosted checkout lives: a form that starts a checkout is answered with a
 * redirect there, and `form-action` governs every hop of that redirect, so each configured
 * provider's pages must be listed (and no other site).
 */
function checkoutOrigins(env: Env): string[] {
  const origins: string[] = [];
  if (env.STRIPE_SECRET_KEY) {
    origins.push("https://checkout.stripe.com");
    // A Stripe stand-in (STRIPE_API_BASE) hands out checkout pages of its own origin.
    if (env.STRIPE_API_BASE) origins.push(new URL(env.STRIPE_API_BASE).origin);
  }
  if (env.PAYPAL_CLIENT_ID) {
    origins.push(env.PAYPAL_ENVIRONMENT === "live" ? "https://www.paypal.com" : "https://www.sandbox.paypal.com");
  }
  if (env.GUMROAD_SELLER_ID) origins.push("https://gumroad.com", "https://*.gumroad.com");
  return origins;
}

/**
 * The policy of every page. Scripts run only with this response's nonce (Next.js stamps it on its
 * own scripts; `strict-dynamic` lets those load their chunks); styles come from our stylesheet or
 * carry the nonce; nothing may frame us, post a form elsewhere than to us or a configured
 * provider's checkout, or load plugins. Development adds `unsafe-eval`, which React's dev build
 * needs for its debugging aids and the production build never uses.
 */
export function buildContentSecurityPolicy(nonce: string, env: Env, { dev = false } = {}): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    ["form-action 'self'", ...checkoutOrigins(env)].join(" "),
    "frame-ancestors 'none'",
  ];
  if (env.APP_URL.startsWith("https://")) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

/** For answers that are not pages (JSON, redirects, files): nothing may run, load or frame them. */
export const NON_DOCUMENT_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

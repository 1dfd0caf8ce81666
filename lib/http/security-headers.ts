/**
 * Headers every answer carries, pages, API routes, files, redirects and errors alike. Set by the
 * launcher's server on every response (so even what Next answers on its own carries them) and by
 * next.config.ts (for a deployment without the launcher). The ones that depend on the request (the
 * pages' CSP with its nonce) come from proxy.ts.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  // Order ids in our URLs unlock a buyer's email and one-time key: other sites get the origin at most.
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), usb=(), browsing-topics=()",
  // Providers' checkout windows (PayPal's popup) must still be able to talk back to the page that opened them.
  "Cross-Origin-Opener-Policy": "same-origin-allow-popups",
};

/** In production only: a browser that once reached us over HTTPS never tries plain HTTP for two years. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/**
 * Headers every answer carries, pages, API routes, files and errors alike. The ones that depend on
 * the request (the CSP with its nonce, HSTS in production, the request id) come from proxy.ts.
 */
const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  // Order ids in our URLs unlock a buyer's email and one-time key: other sites get the origin at most.
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), usb=(), browsing-topics=()" },
  // Providers' checkout windows (PayPal's popup) must still be able to talk back to the page that opened them.
  { key: "Cross-Origin-Opener-Policy", value: "same-origin-allow-popups" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages with native or worker-thread parts stay out of the bundle.
  serverExternalPackages: ["pino", "pg", "ioredis", "bullmq", "@electric-sql/pglite", "@electric-sql/pglite-socket"],
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;

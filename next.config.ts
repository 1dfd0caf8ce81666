import type { NextConfig } from "next";
// Relative, not `@/`: Next loads this file before the project's path aliases exist.
import { SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages with native or worker-thread parts stay out of the bundle, and so does the
  // rate limiter: its in-memory counts are shared by every route and action of the process
  // (lib/rate-limit), which needs one copy of its classes, not one per bundle.
  serverExternalPackages: [
    "pino",
    "pg",
    "ioredis",
    "bullmq",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "rate-limiter-flexible",
  ],
  async headers() {
    return [{ source: "/:path*", headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;

import type { NextConfig } from "next";
// Relative, not `@/`: Next loads this file before the project's path aliases exist.
import { SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages with native or worker-thread parts stay out of the bundle.
  serverExternalPackages: ["pino", "pg", "ioredis", "bullmq", "@electric-sql/pglite", "@electric-sql/pglite-socket"],
  async headers() {
    return [{ source: "/:path*", headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;

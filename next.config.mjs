/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Server-only packages with native or worker-thread parts stay out of the bundle.
  serverExternalPackages: ["pino", "pg", "ioredis", "bullmq", "@electric-sql/pglite", "@electric-sql/pglite-socket"],
};

export default nextConfig;

/**
 * The HTTP server in front of Next.js that `npm start` runs (`--dev` for `npm run dev`). It owns the
 * one header Next.js cannot: Next keeps a client-sent `x-forwarded-for` and route handlers never see
 * the socket, so a caller could pick the address its rate limits are counted under. Here every
 * request's `x-forwarded-for` is replaced by the one address resolved from the socket (and from our
 * own proxies' entries when TRUSTED_PROXY_HOPS declares them) before Next reads it.
 */
import { createServer, type IncomingMessage } from "node:http";
import next from "next";
import { getEnv } from "@/lib/env";
import { resolveClientIp } from "@/lib/http";
import { getLogger } from "@/lib/logger";

function ownForwardedFor(request: IncomingMessage, trustedProxyHops: number): void {
  request.headers["x-forwarded-for"] = resolveClientIp(
    request.socket.remoteAddress,
    request.headers["x-forwarded-for"],
    trustedProxyHops,
  );
  delete request.headers["x-real-ip"];
}

async function main(): Promise<void> {
  const env = getEnv();
  const dev = process.argv.includes("--dev");
  const app = next({ dev, dir: process.cwd(), port: env.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((request, response) => {
    ownForwardedFor(request, env.TRUSTED_PROXY_HOPS);
    void handle(request, response);
  });
  if (dev) {
    // Hot reloading talks over a WebSocket.
    const upgrade = app.getUpgradeHandler();
    server.on("upgrade", (request, socket, head) => void upgrade(request, socket, head));
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      server.close(() => process.exit(0));
      // Keep-alive connections would hold close() open; the launcher waits for this exit.
      server.closeAllConnections();
    });
  }
  server.listen(env.PORT, () => getLogger().info({ port: env.PORT, dev }, `ready on ${env.APP_URL}`));
}

main().catch((error: unknown) => {
  getLogger().fatal({ err: error }, "the web server did not start");
  process.exit(1);
});

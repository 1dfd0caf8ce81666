/**
 * The HTTP server in front of Next.js that `npm start` runs (`--dev` for `npm run dev`). It owns
 * what Next.js cannot:
 * - the caller's address: Next keeps a client-sent `x-forwarded-for` and route handlers never see
 *   the socket, so a caller could pick the address its rate limits are counted under. Every
 *   request's header is replaced by the one address resolved from the socket (and from our own
 *   proxies' entries when TRUSTED_PROXY_HOPS declares them); without such proxies, the other
 *   forwarding headers a client could write (`x-forwarded-host`…) are dropped too;
 * - the request id, given here so that every answer carries one, even those Next gives on its own
 *   (files, redirects), and a client's own is replaced;
 * - the security headers on every answer, and an answer with them to what Next would fail on before
 *   any of our code runs (a method it does not know, a request target that is not a path, a path
 *   that is not valid percent-encoding or decodes to control characters) or what Node refuses while
 *   parsing (headers too large, a bad Content-Length). Checked here rather than in proxy.ts, which
 *   Next runs at a cost per request that would halve the API's throughput.
 */
import { randomUUID } from "node:crypto";
import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import next from "next";
import { getEnv } from "@/lib/env";
import {
  findMalformedPath,
  NON_DOCUMENT_POLICY,
  resolveClientIp,
  SECURITY_HEADERS,
  STRICT_TRANSPORT_SECURITY,
} from "@/lib/http";
import { getLogger } from "@/lib/logger";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const FORWARDING_HEADERS = ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"];

function answerHeaders(requestId: string, production: boolean): Record<string, string> {
  return {
    ...SECURITY_HEADERS,
    // Pages replace it with their own (proxy.ts); anything else runs nothing and frames nothing.
    "Content-Security-Policy": NON_DOCUMENT_POLICY,
    ...(production && { "Strict-Transport-Security": STRICT_TRANSPORT_SECURITY }),
    "X-Request-Id": requestId,
  };
}

function refuse(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, {
    "Content-Type": "application/json",
    ...(status === 405 && { Allow: [...METHODS].join(", ") }),
  });
  response.end(JSON.stringify({ error: { code, message } }));
}

const REFUSED = {
  400: ["bad_request", "The request could not be read."],
  405: ["method_not_allowed", "Method not allowed."],
  408: ["request_timeout", "The request took too long to arrive."],
  431: ["bad_request", "The request's headers are too large."],
} as const;

/**
 * A whole answer written straight to a socket: for a request Node gave up parsing (or waiting for)
 * and for CONNECT, which Node does not hand to the request listener. The same headers, then close.
 */
function writeRaw(socket: Duplex, status: keyof typeof REFUSED, production: boolean): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [code, message] = REFUSED[status];
  const body = JSON.stringify({ error: { code, message } });
  const headers = {
    ...answerHeaders(randomUUID(), production),
    "Content-Type": "application/json",
    Connection: "close",
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status]}`, ...lines, `Content-Length: ${Buffer.byteLength(body)}`];
  socket.end([...head, "", body].join("\r\n"));
}

function clientErrorStatus(error: NodeJS.ErrnoException): keyof typeof REFUSED {
  if (error.code === "HPE_HEADER_OVERFLOW") return 431;
  return error.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
}

function ownRequest(request: IncomingMessage, response: ServerResponse, trustedProxyHops: number, production: boolean) {
  const requestId = randomUUID();
  request.headers["x-forwarded-for"] = resolveClientIp(
    request.socket.remoteAddress,
    request.headers["x-forwarded-for"],
    trustedProxyHops,
  );
  if (trustedProxyHops === 0) for (const name of FORWARDING_HEADERS) delete request.headers[name];
  request.headers["x-request-id"] = requestId;
  for (const [name, value] of Object.entries(answerHeaders(requestId, production))) response.setHeader(name, value);
}

async function main(): Promise<void> {
  const env = getEnv();
  const production = env.APP_ENV === "production";
  const dev = process.argv.includes("--dev");
  const app = next({ dev, dir: process.cwd(), port: env.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer(
    // A slow client may hold a connection only this long: 10 s to send its headers, 30 s for the
    // whole request (Node's defaults, 60 s and 300 s, let a trickle of bytes tie the server up).
    { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 5_000 },
    (request, response) => {
      ownRequest(request, response, env.TRUSTED_PROXY_HOPS, production);
      if (!METHODS.has(request.method ?? "")) return refuse(response, 405, "method_not_allowed", "Method not allowed.");
      if (!request.url?.startsWith("/")) {
        return refuse(response, 400, "bad_request", "The request target must be a path.");
      }
      const badPath = findMalformedPath(request.url);
      if (badPath) return refuse(response, 400, "bad_request", badPath);
      void handle(request, response);
    },
  );
  server.on("clientError", (error: NodeJS.ErrnoException, socket) =>
    writeRaw(socket, clientErrorStatus(error), production),
  );
  server.on("connect", (_request, socket) => writeRaw(socket, 405, production));
  // An Expect Node does not know (anything but 100-continue): 417 with our headers, not Node's bare one.
  server.on("checkExpectation", (request, response) => {
    ownRequest(request, response, env.TRUSTED_PROXY_HOPS, production);
    refuse(response, 417, "bad_request", "Only `Expect: 100-continue` is understood.");
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

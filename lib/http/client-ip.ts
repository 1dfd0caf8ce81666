import { isIP } from "node:net";

/**
 * The caller's address as the launcher resolves it from the connection (scripts/next-server.ts):
 * the socket's own peer unless `trustedProxyHops` (TRUSTED_PROXY_HOPS) proxies of ours sit in
 * front. Each proxy appends the address it saw to `x-forwarded-for` and the last proxy is the
 * socket's peer, so the client is the entry just before our proxies' ones, counted from the
 * right. Entries further left were written by the client and never count.
 */
export function resolveClientIp(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxyHops = 0,
): string {
  const socket = normalizeIp(socketAddress) ?? "unknown";
  if (trustedProxyHops === 0) return socket;
  const written = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const chain = [
    ...written
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
    socket,
  ];
  const entry = chain[Math.max(0, chain.length - 1 - trustedProxyHops)];
  // A proxy of ours that wrote garbage (or none at all) must not let the text choose a bucket.
  return normalizeIp(entry) ?? socket;
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; null when the text is not an IP address. */
function normalizeIp(value: string | undefined): string | null {
  if (!value) return null;
  const address = value.startsWith("::ffff:") && isIP(value.slice(7)) === 4 ? value.slice(7) : value;
  return isIP(address) ? address : null;
}

/**
 * The caller's address inside the app: the launcher replaces whatever `x-forwarded-for` the
 * client sent with the one address it resolved, so the header holds exactly one entry. (Next.js
 * itself only fills the header from the socket when it is missing, and route handlers never see
 * the socket: the app must run behind the launcher, `npm start`.)
 */
export function requestIp(headers: Headers): string {
  const value = headers.get("x-forwarded-for") ?? "";
  const last = value.slice(value.lastIndexOf(",") + 1).trim();
  return isIP(last) ? last : "unknown";
}

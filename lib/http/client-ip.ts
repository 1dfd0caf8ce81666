/**
 * The caller's address for rate limits. Each proxy appends the address it saw to
 * `x-forwarded-for`, and Next.js adds the socket's address when the header is missing, so the
 * trustworthy entry is counted from the right: `trustedProxyHops` (TRUSTED_PROXY_HOPS) proxies of
 * ours sit in front of the app, and the entry just before theirs is the client. Entries further
 * left were written by the client and are ignored. With no proxy in front, a client that sends
 * the header itself can choose its address; limits per license still hold.
 */
export function clientIp(headers: Headers, trustedProxyHops = 0): string {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const index = Math.max(0, chain.length - 1 - trustedProxyHops);
  return chain[index] ?? headers.get("x-real-ip")?.trim() ?? "unknown";
}

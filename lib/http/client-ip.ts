/**
 * The caller's address as the nearest proxy reports it: the first `x-forwarded-for` entry (Next.js
 * sets it from the socket when no proxy did), else `x-real-ip`. Behind a proxy that does not
 * overwrite these headers, callers can choose their own value; rate limits per license still hold.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip")?.trim() || "unknown";
}

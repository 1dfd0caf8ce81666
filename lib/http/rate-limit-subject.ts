import { isIPv6 } from "node:net";

/**
 * Who a per-IP limit counts: the address itself for IPv4, its /64 for IPv6. One IPv6 customer
 * line is handed a whole /64 (2^64 addresses), so counting single addresses would give anyone
 * there an endless supply of fresh limits.
 */
export function rateLimitSubject(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const [head = "", tail] = ip.split("::");
  const groups = (part: string) => (part ? part.split(":") : []).flatMap((g) => (g.includes(".") ? ["0", "0"] : [g]));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const full = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${full
    .slice(0, 4)
    .map((group) => group.toLowerCase().padStart(4, "0"))
    .join(":")}::/64`;
}

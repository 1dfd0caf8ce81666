import { domainToASCII } from "node:url";

/**
 * The canonical form of a domain a license is activated on: trimmed, lower case, internationalised
 * names in punycode (IDNA, as browsers do), no trailing dot, no port. `www.` is kept as given, so
 * `www.example.com` and `example.com` are two domains; a customer who serves both activates both,
 * or picks one. Returns null for anything that is not a host name (paths, schemes, spaces, empty).
 */
export function normalizeDomain(input: string): string | null {
  let host = input.trim();
  const port = /:(\d{1,5})$/.exec(host);
  if (port) host = host.slice(0, port.index);
  if (host.endsWith(".")) host = host.slice(0, -1);
  if (host === "" || /[\s/\\?#@:[\]]/.test(host)) return null;
  const ascii = domainToASCII(host.toLowerCase());
  if (ascii === "" || ascii.length > 253) return null;
  if (!ascii.split(".").every((label) => label.length > 0 && label.length <= 63)) return null;
  return ascii;
}

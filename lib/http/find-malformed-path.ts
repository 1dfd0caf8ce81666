// After decoding, a path may hold no control character (a NUL reaches SQL as a 500).
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Why Next.js would fail on this path, or null: it decodes dynamic segments (`[id]`) itself and
 * answers a 500 before any door runs when they are not valid percent-encoding, and a decoded NUL
 * would reach SQL. `url` may carry a query, which is not looked at.
 */
export function findMalformedPath(url: string): string | null {
  const end = url.indexOf("?");
  let path: string;
  try {
    path = decodeURIComponent(end === -1 ? url : url.slice(0, end));
  } catch {
    return "The address is not valid percent-encoding.";
  }
  return CONTROL_CHARACTER.test(path) || !path.isWellFormed() ? "The address holds control characters." : null;
}

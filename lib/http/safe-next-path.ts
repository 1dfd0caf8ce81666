const BASE = "http://next.invalid";

/**
 * Where to send the owner after signing in: `next` when it is a path on this site, else the
 * console. Anything that could leave the site (`//evil.example`, `/\\evil.example`, a scheme,
 * control characters that browsers strip) and the sign-in pages themselves (a loop) fall back.
 */
export function safeNextPath(next: string | null | undefined, fallback = "/dashboard"): string {
  if (!next || next.length > 2048 || !next.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return fallback;
  }
  // Resolving dot segments can make a path protocol-relative (`/.//evil.example` → `//evil.example`),
  // so the resolved path is what is checked.
  if (url.origin !== BASE || url.pathname.startsWith("//") || /^\/(login|setup)(\/|$)/.test(url.pathname)) {
    return fallback;
  }
  return `${url.pathname}${url.search}${url.hash}`;
}

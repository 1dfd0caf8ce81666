/**
 * Whether a request comes from one of this site's own pages: its `Origin` names the host it was
 * sent to. Browsers send `Origin` with every POST, so a mutation without one did not come from a page.
 */
export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (origin === null || host === null) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

import { randomBytes, randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
// Straight from their files: the package index would pull the native password hasher into the proxy.
import {
  SESSION_COOKIE,
  SESSION_RENEW_AFTER_SECONDS,
  SESSION_TTL_SECONDS,
  sessionCookieOptions,
} from "@/lib/auth/session-cookie";
import { createSessionToken, verifySessionToken } from "@/lib/auth/session-token";
import { getEnv } from "@/lib/env";
import {
  buildContentSecurityPolicy,
  findMalformedActionCall,
  findMalformedPath,
  isSameOrigin,
  NON_DOCUMENT_POLICY,
  STRICT_TRANSPORT_SECURITY,
  type ActionBody,
} from "@/lib/http";
import { getSecret } from "@/lib/secrets";

// Next's own limit on an action's body (serverActions.bodySizeLimit), past which it answers 500.
const MAX_ACTION_BYTES = 1024 * 1024;
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Refusal {
  status: number;
  code: string;
  message: string;
}

const CONSOLE = /^\/dashboard(\/|$)/;

/**
 * The console's first lock: a visitor without a session signed by us (none, expired, forged) is
 * sent to sign in, with where they were going. A session in use is signed again with the same
 * claims, so it lasts 12 hours from the last use. The session version is checked against the
 * database by every console page and door itself; this only keeps strangers off the pages.
 */
async function guardConsole(request: NextRequest): Promise<{ redirect?: URL; renewed?: string }> {
  if (!CONSOLE.test(request.nextUrl.pathname)) return {};
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  const session = token ? await verifySessionToken(token, getSecret("SESSION_SECRET")) : null;
  if (!session) {
    const login = new URL("/login", request.nextUrl);
    login.searchParams.set("next", `${request.nextUrl.pathname}${request.nextUrl.search}`);
    return { redirect: login };
  }
  if (Date.now() / 1000 - session.issuedAt < SESSION_RENEW_AFTER_SECONDS) return {};
  // The renewed session keeps its id and sign-in time: signing out still ends it, and so does its maximum age.
  const { sub, role, ver, sid, auth } = session;
  return {
    renewed: await createSessionToken({ sub, role, ver, sid, auth }, getSecret("SESSION_SECRET"), SESSION_TTL_SECONDS),
  };
}

/**
 * The body of a POST to a page, or why it is not read. Our pages' forms and actions always declare
 * their length, so a body that does not (chunked) is refused unread, as is one over the limit: a
 * stream stopped halfway would leave Next waiting for the rest, and the caller without an answer.
 */
async function readActionBody(request: NextRequest): Promise<ActionBody | Refusal | null> {
  const declared = request.headers.get("content-length");
  if (declared === null) return { status: 411, code: "bad_request", message: "The form must declare its length." };
  if (Number(declared) > MAX_ACTION_BYTES) {
    return { status: 413, code: "bad_request", message: "The form is larger than 1 MiB." };
  }
  const type = request.headers.get("content-type") ?? "";
  try {
    if (/^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type)) {
      // The first field of each name, as React reads it (`formData.get`).
      const fields = new Map<string, string>();
      for (const [name, value] of await request.clone().formData()) {
        if (typeof value === "string" && !fields.has(name)) fields.set(name, value);
      }
      return { text: null, fields };
    }
    return { text: await request.clone().text(), fields: new Map() };
  } catch {
    return null;
  }
}

/** Why Next.js itself would fail on this request (a 500 before any door runs), or null. */
async function findMalformedRequest(request: NextRequest, isPage: boolean): Promise<Refusal | null> {
  // The launcher refuses these for every path; this holds where the app runs without it.
  const badPath = findMalformedPath(request.nextUrl.pathname);
  if (badPath) return { status: 400, code: "bad_request", message: badPath };
  if (!isPage || request.method === "GET" || request.method === "HEAD") return null;
  // A POST to a page is a server action. Next refuses one from another site itself, but as a 500.
  if (!isSameOrigin(request.headers)) {
    return { status: 403, code: "forbidden", message: "Forms are accepted only from this site's own pages." };
  }
  const body = await readActionBody(request);
  if (body && "status" in body) return body;
  const problem = body
    ? findMalformedActionCall(body, request.headers.has("next-action"))
    : "The form could not be read.";
  return problem ? { status: 400, code: "bad_request", message: problem } : null;
}

/**
 * Runs before every page request (not the API: Next's proxy costs about a third of an API
 * request's time here, and the launcher already does for every path what is not about pages): gives it a request id (the log line of a failure
 * and the answer carry the same one), refuses what Next.js would fail on before any door sees it
 * (bad percent-encoding, a cross-site or undecodable action call), sends strangers from the console
 * to sign in, and sets the headers that depend on the request:
 * the page's CSP with a fresh nonce, the stricter policy of non-pages, HSTS in production. The
 * headers that never change are set for every path by the launcher and next.config.ts.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const env = getEnv();
  // The launcher gave the request its id (replacing any a client sent); without it, one is made here.
  const given = request.headers.get("x-request-id");
  const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
  const isPage = !request.nextUrl.pathname.startsWith("/api/");
  const nonce = randomBytes(16).toString("base64");
  const policy = isPage
    ? buildContentSecurityPolicy(nonce, env, { dev: process.env.NODE_ENV === "development" })
    : NON_DOCUMENT_POLICY;

  const malformed = await findMalformedRequest(request, isPage);
  const gate = malformed ? {} : await guardConsole(request);
  let response: NextResponse;
  if (malformed) {
    response = NextResponse.json(
      { error: { code: malformed.code, message: malformed.message } },
      { status: malformed.status, headers: { "content-security-policy": NON_DOCUMENT_POLICY } },
    );
  } else if (gate.redirect) {
    response = NextResponse.redirect(gate.redirect, 307);
    // A cookie that failed the check is of no use to anyone; the next sign-in sets a new one.
    if (request.cookies.has(SESSION_COOKIE)) response.cookies.delete(SESSION_COOKIE);
  } else {
    const headers = new Headers(request.headers);
    // Any id the client sent is replaced: ours must be unique and safe to log.
    headers.set("x-request-id", requestId);
    // Next.js reads the nonce from the request's policy and stamps it on the scripts it writes.
    if (isPage) headers.set("content-security-policy", policy);
    response = NextResponse.next({ request: { headers } });
    response.headers.set("content-security-policy", policy);
    if (gate.renewed) {
      const expiresAt = new Date(Date.now() + SESSION_TTL_SECONDS * 1000);
      response.cookies.set(SESSION_COOKIE, gate.renewed, sessionCookieOptions(expiresAt, env.APP_ENV === "production"));
    }
  }
  response.headers.set("x-request-id", requestId);
  if (env.APP_ENV === "production") {
    response.headers.set("strict-transport-security", STRICT_TRANSPORT_SECURITY);
  }
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};

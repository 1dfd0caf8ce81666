import { NextResponse } from "next/server";
import { defineRoute, readSessionToken } from "@/app/door";
import { SESSION_COOKIE, sessionCookieOptions } from "@/lib/auth";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isSameOrigin } from "@/lib/http";
import { signInOwner, SignInInputSchema, signOutOwner } from "@/services/auth";
import { getDb } from "@/services/setup";

// A browser posting here from another site's page would sign its user in to our console (login CSRF).
function refuseOtherSites(request: Request): void {
  if (request.headers.has("origin") && !isSameOrigin(request.headers)) {
    throw new AppError("forbidden", "Sign-in from another origin", {
      userMessage: "Sign in from this site's own pages.",
    });
  }
}

/**
 * `{ email, password, code? }` → 200 `{ expiresAt }` with the session cookie, as the sign-in page
 * does; 401 for anything wrong (one answer, whichever part), 429 with `Retry-After` after five
 * failures in 15 minutes from the address or for the email.
 */
export const POST = defineRoute({
  access: "public",
  limit: "owner",
  body: SignInInputSchema,
  async handle({ body, ip, request }) {
    refuseOtherSites(request);
    const session = await signInOwner(getDb(), body, { ip });
    const response = NextResponse.json({ expiresAt: session.expiresAt.toISOString() });
    response.cookies.set(
      SESSION_COOKIE,
      session.token,
      sessionCookieOptions(session.expiresAt, getEnv().APP_ENV === "production"),
    );
    return response;
  },
});

/** Signs this browser out: 204, its session ended for good and the cookie cleared. */
export const DELETE = defineRoute({
  access: "public",
  async handle({ request, ip }) {
    refuseOtherSites(request);
    await signOutOwner(getDb(), readSessionToken(request.headers), { ip });
    const response = new NextResponse(null, { status: 204 });
    response.cookies.delete(SESSION_COOKIE);
    return response;
  },
});

/** The console's session cookie: a JWT carrying the owner's session version. */
export const SESSION_COOKIE = "agy_session";

/** How long a session lasts without use. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

/** A session in use is signed again once it is this old, so it lasts 12 hours from the last use. */
export const SESSION_RENEW_AFTER_SECONDS = 10 * 60;

export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: "lax";
  secure: boolean;
  path: "/";
  expires: Date;
}

/**
 * httpOnly (no script reads it), SameSite=Lax (another site's form or fetch does not carry it),
 * Secure in production (never over plain HTTP), for the whole site, until the session ends.
 */
export function sessionCookieOptions(expiresAt: Date, production: boolean): SessionCookieOptions {
  return { httpOnly: true, sameSite: "lax", secure: production, path: "/", expires: expiresAt };
}

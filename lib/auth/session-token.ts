import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";

const ISSUER = "agencyos";
const AUDIENCE = "agencyos:dashboard";

export const SessionClaimsSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(["owner"]),
  /** The owner's session version when the token was signed: a raised version ends the session. */
  ver: z.number().int().min(1),
  /** This session's id: kept when the session is renewed, and what signing out ends. */
  sid: z.string().min(1).max(64),
  /** When the owner signed in (seconds since the epoch): kept when renewed; past the maximum age, the session ends. */
  auth: z.number().int().positive(),
});

/** However long it is kept in use, a session ends this long after its sign-in. */
export const SESSION_MAX_AGE_SECONDS = 7 * 24 * 60 * 60;

export type SessionClaims = z.infer<typeof SessionClaimsSchema>;

/** A verified session: its claims, when it was signed and when it expires (seconds since the epoch). */
export type VerifiedSession = SessionClaims & { issuedAt: number; expiresAt: number };

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Signs a dashboard session (JWT, HS256) valid for `ttlSeconds`. */
export async function createSessionToken(claims: SessionClaims, secret: string, ttlSeconds = 60 * 60 * 12) {
  return new SignJWT({ role: claims.role, ver: claims.ver, sid: claims.sid, auth: claims.auth })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key(secret));
}

/**
 * The session's claims, or null for anything not signed by us, expired, signed in longer ago than
 * the maximum age, or of another algorithm: the caller treats all of those as "not signed in".
 */
export async function verifySessionToken(token: string, secret: string): Promise<VerifiedSession | null> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    const parsed = SessionClaimsSchema.safeParse(payload);
    if (!parsed.success || Date.now() / 1000 - parsed.data.auth > SESSION_MAX_AGE_SECONDS) return null;
    return { ...parsed.data, issuedAt: payload.iat ?? 0, expiresAt: payload.exp ?? 0 };
  } catch {
    return null;
  }
}

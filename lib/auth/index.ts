export {
  createSessionToken,
  SESSION_MAX_AGE_SECONDS,
  SessionClaimsSchema,
  verifySessionToken,
  type SessionClaims,
  type VerifiedSession,
} from "@/lib/auth/session-token";
export {
  SESSION_COOKIE,
  SESSION_RENEW_AFTER_SECONDS,
  SESSION_TTL_SECONDS,
  sessionCookieOptions,
  type SessionCookieOptions,
} from "@/lib/auth/session-cookie";
export { hashPassword, verifyPassword } from "@/lib/auth/hash-password";
export { hashToken } from "@/lib/auth/hash-token";

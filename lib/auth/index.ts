export {
  createSessionToken,
  SessionClaimsSchema,
  verifySessionToken,
  type SessionClaims,
} from "@/lib/auth/session-token";
export { hashPassword, verifyPassword } from "@/lib/auth/hash-password";
export { hashToken } from "@/lib/auth/hash-token";

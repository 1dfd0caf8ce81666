export {
  createSessionToken,
  SessionClaimsSchema,
  verifySessionToken,
  type SessionClaims,
} from "@/lib/auth/session-token";
export { verifyOwnerApiKey } from "@/lib/auth/owner-api-key";
export { hashPassword, verifyPassword } from "@/lib/auth/hash-password";

export {
  createSessionToken,
  SessionClaimsSchema,
  verifySessionToken,
  type SessionClaims,
} from "@/lib/auth/session-token";

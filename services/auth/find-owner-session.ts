import type { Executor } from "@/db/client";
import { eq } from "drizzle-orm";
import { ownerEndedSessions, type OwnerAccount } from "@/db/schema";
import { verifySessionToken, type SessionClaims } from "@/lib/auth";
import { getSecret } from "@/lib/secrets";
import { findOwnerAccount } from "@/services/auth/find-owner-account";

/**
 * The owner a session token belongs to, or null: for a token not signed by us, expired, of another
 * owner, signed out, or signed before the owner's session version was raised (a password change,
 * a reset, "sign out everywhere").
 */
export async function findOwnerSession(
  db: Executor,
  token: string,
): Promise<{ owner: OwnerAccount; claims: SessionClaims } | null> {
  const claims = await verifySessionToken(token, getSecret("SESSION_SECRET"));
  if (!claims) return null;
  const [owner, [ended]] = await Promise.all([
    findOwnerAccount(db),
    db
      .select({ sessionId: ownerEndedSessions.sessionId })
      .from(ownerEndedSessions)
      .where(eq(ownerEndedSessions.sessionId, claims.sid)),
  ]);
  if (!owner || owner.id !== claims.sub || owner.sessionVersion !== claims.ver || ended) return null;
  return { owner, claims };
}

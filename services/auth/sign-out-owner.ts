import { lt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ownerEndedSessions } from "@/db/schema";
import { verifySessionToken } from "@/lib/auth";
import { getSecret } from "@/lib/secrets";
import { recordAuditEvent } from "@/services/auth/record-audit-event";

/**
 * Ends the session a token belongs to, and only that one: a copy of the cookie is no good after
 * this even though its signature holds. A token that is not a live session of ours ends nothing.
 * Ended sessions past their own expiry are cleared on the way, since those are refused anyway.
 */
export async function signOutOwner(db: Database, token: string | undefined, context: { ip?: string } = {}) {
  const claims = token ? await verifySessionToken(token, getSecret("SESSION_SECRET")) : null;
  if (!claims) return;
  const expiresAt = new Date(claims.expiresAt * 1000);
  await db.transaction(async (tx) => {
    await tx.delete(ownerEndedSessions).where(lt(ownerEndedSessions.expiresAt, new Date()));
    await tx.insert(ownerEndedSessions).values({ sessionId: claims.sid, expiresAt }).onConflictDoNothing();
    await recordAuditEvent(tx, { actor: "session", action: "auth.sign_out", outcome: "succeeded", ip: context.ip });
  });
}

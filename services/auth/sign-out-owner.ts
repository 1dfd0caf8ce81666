import { lt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ownerEndedSessions } from "@/db/schema";
import { SESSION_MAX_AGE_SECONDS, verifySessionToken } from "@/lib/auth";
import { getSecret } from "@/lib/secrets";
import { recordAuditEvent } from "@/services/auth/record-audit-event";

/**
 * Ends the session a token belongs to, and only that one: a copy of the cookie is no good after
 * this even though its signature holds, nor any renewal of it (the id is kept until the session's
 * maximum age, past which every token of it is refused anyway). A token that is not a live session of ours ends nothing.
 * Ended sessions past their own expiry are cleared on the way, since those are refused anyway.
 */
export async function signOutOwner(db: Database, token: string | undefined, context: { ip?: string } = {}) {
  const claims = token ? await verifySessionToken(token, getSecret("SESSION_SECRET")) : null;
  if (!claims) return;
  // Renewals keep the id alive past this token's own expiry, but never past the session's maximum age.
  const expiresAt = new Date((claims.auth + SESSION_MAX_AGE_SECONDS) * 1000);
  await db.transaction(async (tx) => {
    await tx.delete(ownerEndedSessions).where(lt(ownerEndedSessions.expiresAt, new Date()));
    await tx.insert(ownerEndedSessions).values({ sessionId: claims.sid, expiresAt }).onConflictDoNothing();
    await recordAuditEvent(tx, { actor: "session", action: "auth.sign_out", outcome: "succeeded", ip: context.ip });
  });
}

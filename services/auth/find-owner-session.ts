import type { Executor } from "@/db/client";
import { sql } from "drizzle-orm";
import { ownerAccounts, ownerEndedSessions, type OwnerAccount } from "@/db/schema";
import { verifySessionToken, type SessionClaims } from "@/lib/auth";
import { getSecret } from "@/lib/secrets";

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
  // One statement, one round trip: this runs for every owner request.
  const [row] = await db
    .select({
      owner: ownerAccounts,
      ended: sql<boolean>`exists (select 1 from ${ownerEndedSessions} where ${ownerEndedSessions.sessionId} = ${claims.sid})`,
    })
    .from(ownerAccounts)
    .limit(1);
  if (!row || row.ended || row.owner.id !== claims.sub || row.owner.sessionVersion !== claims.ver) return null;
  return { owner: row.owner, claims };
}

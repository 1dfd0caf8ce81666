import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ownerAccounts } from "@/db/schema";
import { recordAuditEvent } from "@/services/auth/record-audit-event";

/** "Sign out everywhere": raises the session version, so every session signed before ends. */
export async function endOwnerSessions(db: Database, context: { ip?: string } = {}): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(ownerAccounts)
      .set({ sessionVersion: sql`${ownerAccounts.sessionVersion} + 1`, updatedAt: new Date() });
    await recordAuditEvent(tx, {
      actor: "session",
      action: "auth.sign_out_everywhere",
      outcome: "succeeded",
      ip: context.ip,
    });
  });
}

import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ownerAccounts, type OwnerAccount } from "@/db/schema";
import { hashPassword } from "@/lib/auth";
import type { SetOwnerInput } from "@/services/auth/owner-auth.schema";
import { recordAuditEvent } from "@/services/auth/record-audit-event";
import { clearTwoFactor } from "@/services/auth/two-factor";

/**
 * Sets or resets the owner from a terminal (`cc auth set-owner`): whoever can run commands on the
 * server is the owner. A reset raises the session version, so every session signed before ends, and
 * turns two-factor off (the owner turns it on again in Settings).
 */
export async function setOwner(db: Database, input: SetOwnerInput): Promise<OwnerAccount> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [owner] = await tx
      .insert(ownerAccounts)
      .values({ email: input.email, passwordHash })
      .onConflictDoUpdate({
        target: ownerAccounts.singleton,
        set: {
          email: input.email,
          passwordHash,
          sessionVersion: sql`${ownerAccounts.sessionVersion} + 1`,
          updatedAt: new Date(),
        },
      })
      .returning();
    // A reset from the terminal is the way back for an owner who lost their second factor too.
    await clearTwoFactor(tx, owner!.id);
    await recordAuditEvent(tx, { actor: "cli", action: "auth.set_owner", outcome: "succeeded", target: owner!.id });
    return owner!;
  });
}

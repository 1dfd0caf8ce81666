import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ownerAccounts } from "@/db/schema";
import { hashPassword, verifyPassword } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import type { ChangePasswordInput } from "@/services/auth/owner-auth.schema";
import { getOwnerAccount } from "@/services/auth/get-owner-account";
import { beginPasswordAttempt } from "@/services/auth/password-attempts";
import { issueOwnerSession, type OwnerSession } from "@/services/auth/sign-in-owner";
import { recordAuditEvent } from "@/services/auth/record-audit-event";

/**
 * Changes the owner's password, checking the current one first (`unauthorized` otherwise). Every
 * other session ends (the session version is raised); the caller's own continues with the new
 * session this returns.
 */
export async function changeOwnerPassword(
  db: Database,
  input: ChangePasswordInput,
  context: { ip?: string } = {},
): Promise<OwnerSession> {
  const owner = await getOwnerAccount(db);
  // A stolen session must not become a way to guess the password: the sign-in's count applies.
  const attempt = await beginPasswordAttempt({ ip: context.ip, email: owner.email });
  if (!(await verifyPassword(owner.passwordHash, input.currentPassword))) {
    await recordAuditEvent(db, { actor: "session", action: "auth.change_password", outcome: "failed", ip: context.ip });
    throw new AppError("unauthorized", "Wrong current password", {
      userMessage: "The current password is wrong.",
      field: "currentPassword",
    });
  }
  await attempt.succeeded();
  const passwordHash = await hashPassword(input.newPassword);
  const [changed] = await db.transaction(async (tx) => {
    const rows = await tx
      .update(ownerAccounts)
      .set({ passwordHash, sessionVersion: sql`${ownerAccounts.sessionVersion} + 1`, updatedAt: new Date() })
      .where(eq(ownerAccounts.id, owner.id))
      .returning();
    await recordAuditEvent(tx, {
      actor: "session",
      action: "auth.change_password",
      outcome: "succeeded",
      ip: context.ip,
    });
    return rows;
  });
  return issueOwnerSession(changed!.id, changed!.sessionVersion);
}

import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { ownerAccounts, ownerSetupTokens, type OwnerAccount } from "@/db/schema";
import { isUniqueViolation } from "@/db/unique-violation";
import { hashPassword, hashToken } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import type { CompleteSetupInput } from "@/services/auth/owner-auth.schema";
import { findOwnerAccount } from "@/services/auth/find-owner-account";
import { recordAuditEvent } from "@/services/auth/record-audit-event";

const alreadySetUp = () =>
  new AppError("conflict", "The owner exists", { userMessage: "The owner is already set up: sign in instead." });

/**
 * First-run setup: creates the owner with a setup token that is valid (known, unused, within its
 * hour) and uses the token up, in one transaction; two setups at once make one owner. Throws
 * `forbidden` for a bad token and `conflict` once the owner exists; both leave a line in the record.
 */
export async function completeSetup(
  db: Database,
  input: CompleteSetupInput,
  context: { ip?: string; now?: Date } = {},
): Promise<OwnerAccount> {
  const now = context.now ?? new Date();
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [token] = await tx
        .select()
        .from(ownerSetupTokens)
        .where(eq(ownerSetupTokens.tokenHash, hashToken(input.token)))
        .for("update");
      if (!token || token.usedAt || token.expiresAt <= now) {
        throw new AppError("forbidden", token ? "Setup token used or expired" : "Unknown setup token", {
          userMessage:
            "This setup token is not valid (used, expired or mistyped): get a new one with `cc auth setup-token`.",
          field: "token",
        });
      }
      if (await findOwnerAccount(tx)) throw alreadySetUp();
      const [owner] = await tx.insert(ownerAccounts).values({ email: input.email, passwordHash }).returning();
      await tx.update(ownerSetupTokens).set({ usedAt: now }).where(eq(ownerSetupTokens.id, token.id));
      await recordAuditEvent(tx, { actor: "anonymous", action: "auth.setup", outcome: "succeeded", ip: context.ip });
      return owner!;
    });
  } catch (error) {
    const refusal = isUniqueViolation(error) ? alreadySetUp() : error;
    if (refusal instanceof AppError) {
      await recordAuditEvent(db, {
        actor: "anonymous",
        action: "auth.setup",
        outcome: "failed",
        ip: context.ip,
        details: { reason: refusal.code },
      });
    }
    throw refusal;
  }
}

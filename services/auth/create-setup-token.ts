import { randomBytes } from "node:crypto";
import type { Executor } from "@/db/client";
import { ownerSetupTokens } from "@/db/schema";
import { hashToken } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { findOwnerAccount } from "@/services/auth/find-owner-account";

const VALID_MS = 60 * 60 * 1000;

/**
 * A one-time token that lets `/setup` create the owner, valid for an hour. Only its hash is kept,
 * so the token itself exists only where it was printed. Throws `conflict` once the owner exists.
 */
export async function createSetupToken(db: Executor, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  if (await findOwnerAccount(db)) {
    throw new AppError("conflict", "The owner exists; no setup token", {
      userMessage: "The owner is already set up: sign in, or reset the owner with `cc auth set-owner`.",
    });
  }
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + VALID_MS);
  await db.insert(ownerSetupTokens).values({ tokenHash: hashToken(token), expiresAt });
  return { token, expiresAt };
}

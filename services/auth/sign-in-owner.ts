import { randomBytes, randomUUID } from "node:crypto";
import type { Database } from "@/db/client";
import { createSessionToken, hashPassword, SESSION_TTL_SECONDS, verifyPassword } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { getSecret } from "@/lib/secrets";
import type { SignInInput } from "@/services/auth/owner-auth.schema";
import { findOwnerAccount } from "@/services/auth/find-owner-account";
import { beginPasswordAttempt } from "@/services/auth/password-attempts";
import { recordAuditEvent } from "@/services/auth/record-audit-event";
import { verifySecondFactor } from "@/services/auth/two-factor";

let dummyHash: Promise<string> | undefined;

export interface OwnerSession {
  token: string;
  expiresAt: Date;
}

/**
 * Signs the owner in: a session token (JWT) carrying the owner's session version. A wrong email
 * and a wrong password take the same time and get the same answer (`unauthorized`), so the answer
 * never tells whether the email exists. Past five failures in 15 minutes from the address or for
 * the email, `rate_limited` with when to try again, before any password is checked
 * (`beginPasswordAttempt`). Every attempt
 * leaves a line in the owner's record. With two-factor on, a right password without a code asks for
 * one (`details.secondFactorRequired`); a wrong code counts as a failure like a wrong password.
 */
export async function signInOwner(db: Database, input: SignInInput, context: { ip: string }): Promise<OwnerSession> {
  const audit = (outcome: "succeeded" | "failed", details: Record<string, string> = {}) =>
    recordAuditEvent(db, {
      actor: "anonymous",
      actorId: input.email,
      action: "auth.sign_in",
      outcome,
      ip: context.ip,
      details,
    });
  const attempt = await beginPasswordAttempt({ ip: context.ip, email: input.email }).catch(async (error: unknown) => {
    await audit("failed", { reason: "rate_limited" });
    throw error;
  });
  const owner = await findOwnerAccount(db);
  // Without an owner or with another email, a hash is still checked: the same work, the same time.
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  const passwordMatches = await verifyPassword(owner?.passwordHash ?? (await dummyHash), input.password);
  if (!owner || owner.email !== input.email || !passwordMatches) {
    await audit("failed", { reason: "wrong_credentials" });
    throw new AppError("unauthorized", "Wrong email or password", { userMessage: "The email or password is wrong." });
  }
  if (!owner.totpSecret) {
    await attempt.succeeded();
    await audit("succeeded");
    return issueOwnerSession(owner.id, owner.sessionVersion);
  }
  // The password was right: only now may the answer say a second factor is wanted.
  if (!input.code) {
    await attempt.succeeded();
    throw new AppError("unauthorized", "Two-factor code required", {
      userMessage: "Enter the code from your authenticator app, or a recovery code.",
      field: "code",
      details: { secondFactorRequired: true },
    });
  }
  const accepted = await verifySecondFactor(db, owner, input.code);
  if (!accepted) {
    await audit("failed", { reason: "wrong_code" });
    throw new AppError("unauthorized", "Wrong two-factor code", {
      userMessage: "That code is wrong or was already used.",
      field: "code",
      details: { secondFactorRequired: true },
    });
  }
  await attempt.succeeded();
  await audit("succeeded", { secondFactor: accepted });
  return issueOwnerSession(owner.id, owner.sessionVersion);
}

/** A session token for the owner at this session version. */
export async function issueOwnerSession(ownerId: string, sessionVersion: number): Promise<OwnerSession> {
  const token = await createSessionToken(
    { sub: ownerId, role: "owner", ver: sessionVersion, sid: randomUUID(), auth: Math.floor(Date.now() / 1000) },
    getSecret("SESSION_SECRET"),
    SESSION_TTL_SECONDS,
  );
  return { token, expiresAt: new Date(Date.now() + SESSION_TTL_SECONDS * 1000) };
}

import { randomBytes } from "node:crypto";
import type { Database } from "@/db/client";
import { createSessionToken, hashPassword, verifyPassword } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { createRateLimiter, type RateLimiter } from "@/lib/rate-limit";
import { getSecret } from "@/lib/secrets";
import type { SignInInput } from "@/services/auth/owner-auth.schema";
import { findOwnerAccount } from "@/services/auth/find-owner-account";
import { recordAuditEvent } from "@/services/auth/record-audit-event";

/** How long a session lasts without use; the console renews it while it is used. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;
const FAILURES_ALLOWED = 5;
const FAILURE_WINDOW_SECONDS = 15 * 60;

let failures: RateLimiter | undefined;
let dummyHash: Promise<string> | undefined;

// Five wrong tries per 15 minutes, counted both per address and per email tried.
const failureLimiter = () =>
  (failures ??= createRateLimiter({
    name: "sign-in-failures",
    perMinute: FAILURES_ALLOWED,
    windowSeconds: FAILURE_WINDOW_SECONDS,
  }));

export interface OwnerSession {
  token: string;
  expiresAt: Date;
}

/**
 * Signs the owner in: a session token (JWT) carrying the owner's session version. A wrong email
 * and a wrong password take the same time and get the same answer (`unauthorized`), so the answer
 * never tells whether the email exists. Past five failures in 15 minutes from the address or for
 * the email, `rate_limited` with when to try again, before any password is checked. Every attempt
 * leaves a line in the owner's record.
 */
export async function signInOwner(db: Database, input: SignInInput, context: { ip: string }): Promise<OwnerSession> {
  const keys = [`ip:${context.ip}`, `email:${input.email}`];
  const audit = (outcome: "succeeded" | "failed", reason?: string) =>
    recordAuditEvent(db, {
      actor: "anonymous",
      actorId: input.email,
      action: "auth.sign_in",
      outcome,
      ip: context.ip,
      details: reason ? { reason } : {},
    });
  const blocked = (await Promise.all(keys.map((key) => failureLimiter().peek(key)))).find((d) => !d.allowed);
  if (blocked) {
    await audit("failed", "rate_limited");
    throw new AppError("rate_limited", "Too many failed sign-ins", {
      userMessage: `Too many failed sign-ins; try again in ${Math.ceil(blocked.retryAfterSeconds / 60)} minutes.`,
      details: { retryAfterSeconds: blocked.retryAfterSeconds },
    });
  }
  const owner = await findOwnerAccount(db);
  // Without an owner or with another email, a hash is still checked: the same work, the same time.
  dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
  const passwordMatches = await verifyPassword(owner?.passwordHash ?? (await dummyHash), input.password);
  if (!owner || owner.email !== input.email || !passwordMatches) {
    await Promise.all(keys.map((key) => failureLimiter().consume(key)));
    await audit("failed", "wrong_credentials");
    throw new AppError("unauthorized", "Wrong email or password", { userMessage: "The email or password is wrong." });
  }
  await audit("succeeded");
  return issueOwnerSession(owner.id, owner.sessionVersion);
}

/** A session token for the owner at this session version. */
export async function issueOwnerSession(ownerId: string, sessionVersion: number): Promise<OwnerSession> {
  const token = await createSessionToken(
    { sub: ownerId, role: "owner", ver: sessionVersion },
    getSecret("SESSION_SECRET"),
    SESSION_TTL_SECONDS,
  );
  return { token, expiresAt: new Date(Date.now() + SESSION_TTL_SECONDS * 1000) };
}

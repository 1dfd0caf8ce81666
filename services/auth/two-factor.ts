import { randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import type { Database, Executor } from "@/db/client";
import { ownerAccounts, ownerRecoveryCodes, type OwnerAccount } from "@/db/schema";
import { hashToken, verifyPassword } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { findOwnerAccount } from "@/services/auth/find-owner-account";
import { getOwnerAccount } from "@/services/auth/get-owner-account";
import { beginPasswordAttempt } from "@/services/auth/password-attempts";
import { recordAuditEvent } from "@/services/auth/record-audit-event";

const ISSUER = "AgencyOS";
const PERIOD_SECONDS = 30;
const RECOVERY_CODES = 10;
// Crockford's base32 without look-alikes: a recovery code is read off paper and typed.
const RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";

// RFC 6238 defaults (SHA-1, 6 digits, 30 s): what every authenticator app reads from the QR code.
const totpFor = (secret: string, email: string) =>
  new TOTP({ issuer: ISSUER, label: email, algorithm: "SHA1", digits: 6, period: PERIOD_SECONDS, secret });

const wrongCode = () =>
  new AppError("unauthorized", "Wrong two-factor code", {
    userMessage: "That code is wrong or was already used: enter the current one from your app.",
    field: "code",
  });

/** A recovery code as typed, in the one form it is hashed in: lower case, without spaces or dashes. */
const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, "");

function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((byte) => RECOVERY_ALPHABET[byte % RECOVERY_ALPHABET.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/**
 * The time step a TOTP code belongs to (within one step of now, for clocks a little apart), or null.
 * Compared in constant time by the library.
 */
function acceptedStep(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret, "").validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

export interface TwoFactorEnrolment {
  /** The base32 secret, for apps that take it typed in. */
  secret: string;
  /** `otpauth://totp/…`, what the QR code carries. */
  uri: string;
}

/**
 * Offers a new TOTP secret for the owner's authenticator app. Nothing changes until the owner
 * confirms it with a code (`confirmTwoFactor`); asking again replaces the offer.
 */
export async function startTwoFactorEnrolment(db: Executor): Promise<TwoFactorEnrolment> {
  const owner = await getOwnerAccount(db);
  if (owner.totpSecret) {
    throw new AppError("conflict", "Two-factor is already on", {
      userMessage: "Two-factor is already on: turn it off first to enrol another app.",
    });
  }
  const secret = new Secret({ size: 20 }).base32;
  await db.update(ownerAccounts).set({ totpPendingSecret: secret }).where(eq(ownerAccounts.id, owner.id));
  return { secret, uri: totpFor(secret, owner.email).toString() };
}

/** The offered secret, for showing its QR code again after a reload; null when none is offered. */
export async function findTwoFactorEnrolment(db: Executor): Promise<TwoFactorEnrolment | null> {
  const owner = await findOwnerAccount(db);
  if (!owner?.totpPendingSecret || owner.totpSecret) return null;
  return { secret: owner.totpPendingSecret, uri: totpFor(owner.totpPendingSecret, owner.email).toString() };
}

async function replaceRecoveryCodes(tx: Executor): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await tx.delete(ownerRecoveryCodes);
  await tx
    .insert(ownerRecoveryCodes)
    .values(codes.map((code) => ({ codeHash: hashToken(normaliseRecoveryCode(code)) })));
  return codes;
}

/**
 * Turns two-factor on with the offered secret, once a code from the app proves it was enrolled.
 * Returns the recovery codes: shown this once, kept only as hashes.
 */
export async function confirmTwoFactor(
  db: Database,
  input: { code: string },
  context: { ip?: string; now?: Date } = {},
): Promise<{ recoveryCodes: string[] }> {
  const now = context.now ?? new Date();
  const owner = await getOwnerAccount(db);
  const pending = owner.totpPendingSecret;
  const step = pending ? acceptedStep(pending, input.code, now) : null;
  if (!pending || owner.totpSecret || step === null) {
    await recordAuditEvent(db, {
      actor: "session",
      action: "auth.two_factor.enable",
      outcome: "failed",
      ip: context.ip,
    });
    if (!pending || owner.totpSecret) {
      throw new AppError("conflict", "No two-factor enrolment in progress", {
        userMessage: "Start again: show a new QR code and scan it.",
      });
    }
    throw wrongCode();
  }
  return db.transaction(async (tx) => {
    await tx
      .update(ownerAccounts)
      .set({ totpSecret: pending, totpPendingSecret: null, totpLastStep: step, updatedAt: now })
      .where(eq(ownerAccounts.id, owner.id));
    const recoveryCodes = await replaceRecoveryCodes(tx);
    await recordAuditEvent(tx, {
      actor: "session",
      action: "auth.two_factor.enable",
      outcome: "succeeded",
      ip: context.ip,
    });
    return { recoveryCodes };
  });
}

/** Turns two-factor off, after the current password; the recovery codes go with it. */
export async function disableTwoFactor(
  db: Database,
  input: { password: string },
  context: { ip?: string } = {},
): Promise<void> {
  const owner = await getOwnerAccount(db);
  const attempt = await beginPasswordAttempt({ ip: context.ip, email: owner.email });
  if (!(await verifyPassword(owner.passwordHash, input.password))) {
    await recordAuditEvent(db, {
      actor: "session",
      action: "auth.two_factor.disable",
      outcome: "failed",
      ip: context.ip,
    });
    throw new AppError("unauthorized", "Wrong password", { userMessage: "The password is wrong.", field: "password" });
  }
  await attempt.succeeded();
  await db.transaction(async (tx) => {
    await clearTwoFactor(tx, owner.id);
    await recordAuditEvent(tx, {
      actor: "session",
      action: "auth.two_factor.disable",
      outcome: "succeeded",
      ip: context.ip,
    });
  });
}

/** Two-factor off and its recovery codes gone: for turning it off, and for a reset from the terminal. */
export async function clearTwoFactor(tx: Executor, ownerId: string): Promise<void> {
  await tx
    .update(ownerAccounts)
    .set({ totpSecret: null, totpPendingSecret: null, totpLastStep: null })
    .where(eq(ownerAccounts.id, ownerId));
  await tx.delete(ownerRecoveryCodes);
}

/** How many recovery codes are left unused. */
export async function countRecoveryCodes(db: Executor): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(ownerRecoveryCodes)
    .where(isNull(ownerRecoveryCodes.usedAt));
  return row?.count ?? 0;
}

/**
 * Checks the second factor at sign-in: a current TOTP code not used before (its step must be past
 * the last accepted one, so a code seen over a shoulder is no good a second time), or an unused
 * recovery code, which is then used up. The step and the code are claimed with a conditional
 * update, so two sign-ins at once cannot both spend one code. Returns which kind was accepted, or null.
 */
export async function verifySecondFactor(
  db: Executor,
  owner: OwnerAccount,
  code: string,
  now = new Date(),
): Promise<"totp" | "recovery_code" | null> {
  if (!owner.totpSecret) return null;
  const typed = code.trim();
  const step = acceptedStep(owner.totpSecret, typed, now);
  if (step !== null) {
    const claimed = await db
      .update(ownerAccounts)
      .set({ totpLastStep: step })
      .where(and(eq(ownerAccounts.id, owner.id), sql`coalesce(${ownerAccounts.totpLastStep}, -1) < ${step}`))
      .returning({ id: ownerAccounts.id });
    return claimed.length > 0 ? "totp" : null;
  }
  const normalised = normaliseRecoveryCode(typed);
  if (normalised.length !== 10) return null;
  const used = await db
    .update(ownerRecoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(ownerRecoveryCodes.codeHash, hashToken(normalised)), isNull(ownerRecoveryCodes.usedAt)))
    .returning({ id: ownerRecoveryCodes.id });
  return used.length > 0 ? "recovery_code" : null;
}

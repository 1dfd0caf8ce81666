import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { calculateJwkThumbprint, exportJWK, type JWK } from "jose";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { licenseSigningKeys } from "@/db/schema";
import { getSecret } from "@/lib/secrets";

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: JWK;
}

/** How often a signing process refreshes its key's `last_signed_at`; the JWKS adds it as margin. */
export const SIGNING_TOUCH_INTERVAL_MS = 5 * 60 * 1000;

let current: Promise<SigningKey> | undefined;

/** The Ed25519 key in LICENSE_SIGNING_KEY, with its `kid` (the RFC 7638 thumbprint of its public JWK). */
export function getSigningKey(): Promise<SigningKey> {
  current ??= (async () => {
    const privateKey = createPrivateKey(getSecret("LICENSE_SIGNING_KEY"));
    if (privateKey.asymmetricKeyType !== "ed25519") throw new Error("LICENSE_SIGNING_KEY must be an Ed25519 key");
    const publicJwk = { ...(await exportJWK(createPublicKey(privateKey))), alg: "EdDSA", use: "sig" };
    const kid = await calculateJwkThumbprint(publicJwk);
    return { kid, privateKey, publicJwk: { ...publicJwk, kid } };
  })();
  return current;
}

let touchedAt = new Map<string, number>();

/**
 * Publishes the current key's public half and records that it is signing, at most once every
 * few minutes per process. The JWKS serves every key that signed within a certificate lifetime, so
 * rotating LICENSE_SIGNING_KEY, or old and new keys signing side by side during a rolling deploy,
 * never leaves a live certificate without its key. Idempotent.
 */
export async function ensureSigningKeyRegistered(db: Executor): Promise<SigningKey> {
  const key = await getSigningKey();
  const last = touchedAt.get(key.kid);
  if (last !== undefined && Date.now() - last < SIGNING_TOUCH_INTERVAL_MS) return key;
  await db
    .insert(licenseSigningKeys)
    .values({ kid: key.kid, publicJwk: key.publicJwk as Record<string, string> })
    .onConflictDoUpdate({ target: licenseSigningKeys.kid, set: { lastSignedAt: sql`now()` } });
  touchedAt.set(key.kid, Date.now());
  return key;
}

/** Forgets the loaded key (tests that rotate it). */
export function resetSigningKey(): void {
  current = undefined;
  touchedAt = new Map();
}

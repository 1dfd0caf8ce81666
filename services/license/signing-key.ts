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

const registered = new Set<string>();

/**
 * Records the current key's public half and marks any other key retired (once). A retired key stays
 * in the JWKS until the certificates it signed have expired, so rotating LICENSE_SIGNING_KEY never
 * breaks a customer's offline check. Idempotent; runs once per process and key.
 */
export async function ensureSigningKeyRegistered(db: Executor): Promise<SigningKey> {
  const key = await getSigningKey();
  if (registered.has(key.kid)) return key;
  await db
    .insert(licenseSigningKeys)
    .values({ kid: key.kid, publicJwk: key.publicJwk as Record<string, string> })
    .onConflictDoUpdate({ target: licenseSigningKeys.kid, set: { retiredAt: null } });
  await db.execute(
    sql`update ${licenseSigningKeys} set retired_at = now() where kid <> ${key.kid} and retired_at is null`,
  );
  registered.add(key.kid);
  return key;
}

/** Forgets the loaded key (tests that rotate it). */
export function resetSigningKey(): void {
  current = undefined;
  registered.clear();
}

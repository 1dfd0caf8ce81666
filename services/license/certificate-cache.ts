import { LRUCache } from "lru-cache";
import type { Database } from "@/db/client";
import { signLicenseCertificate, type CertificateSubject } from "@/services/license/license-certificate";
import { getSigningKey } from "@/services/license/signing-key";

// Validation is called often by the same installations; re-signing for each call buys nothing.
// A certificate is reused for at most this long, so its `iat` is never older than this.
const REUSE_FOR_MS = 5 * 60 * 1000;

const cache = new LRUCache<string, { certificate: string; signedAt: number }>({ max: 10_000 });

/**
 * A certificate for the subject: the one signed for the same key, binding, expiry and signing key
 * within the last five minutes, or a new one. Only the signature is reused: callers decide
 * validity from the database first.
 */
export async function certificateFor(db: Database, subject: CertificateSubject, now: Date): Promise<string> {
  const { kid } = await getSigningKey();
  const id = [kid, subject.key, subject.domain, subject.fingerprint, subject.licenseExpiresAt.getTime()].join("|");
  const cached = cache.get(id);
  const age = cached ? now.getTime() - cached.signedAt : Number.POSITIVE_INFINITY;
  if (cached && age >= 0 && age < REUSE_FOR_MS) return cached.certificate;
  const certificate = await signLicenseCertificate(db, subject, now);
  cache.set(id, { certificate, signedAt: now.getTime() });
  return certificate;
}

import { SignJWT } from "jose";
import type { Executor } from "@/db/client";
import { getEnv } from "@/lib/env";
import { addDays } from "@/services/license/license-term";
import { ensureSigningKeyRegistered } from "@/services/license/signing-key";

export const CERTIFICATE_ISSUER = "agencyos";

export interface CertificateSubject {
  key: string;
  tenant: string;
  product: string;
  domain: string;
  fingerprint: string;
  /** `test` marks a license paid with test money, so software in production can refuse it offline. */
  environment: "live" | "test";
  licenseExpiresAt: Date;
}

/**
 * A compact JWS (EdDSA, Ed25519) the customer's software can check offline against the JWKS. It
 * expires with the license, or after LICENSE_CERTIFICATE_TTL_DAYS if sooner, so a revoked or
 * suspended license stops verifying within that time even offline.
 */
export async function signLicenseCertificate(db: Executor, subject: CertificateSubject, now: Date): Promise<string> {
  const signingKey = await ensureSigningKeyRegistered(db);
  const ttlEnd = addDays(now, getEnv().LICENSE_CERTIFICATE_TTL_DAYS);
  const expiresAt = subject.licenseExpiresAt < ttlEnd ? subject.licenseExpiresAt : ttlEnd;
  return new SignJWT({
    key: subject.key,
    tenant: subject.tenant,
    product: subject.product,
    domain: subject.domain,
    fingerprint: subject.fingerprint,
    environment: subject.environment,
  })
    .setProtectedHeader({ alg: "EdDSA", kid: signingKey.kid, typ: "JWT" })
    .setIssuer(CERTIFICATE_ISSUER)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(signingKey.privateKey);
}

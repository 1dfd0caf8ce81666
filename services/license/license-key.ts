import { createHmac, timingSafeEqual } from "node:crypto";
import {
  canonicalCrockford,
  CROCKFORD_CHAR,
  decodeCrockfordInteger,
  encodeCrockfordBytes,
  encodeCrockfordInteger,
} from "@/lib/crockford-base32";

/**
 * License keys: `AGY-{TENANT}-{TIMESTAMP}-{CHECKSUM}` in Crockford base32 (docs/LICENSES.md).
 * TENANT is the tenant's short code, TIMESTAMP the issue time in milliseconds (10 characters),
 * CHECKSUM the first 10 characters (50 bits) of HMAC-SHA256 over the rest, keyed by LICENSE_SECRET.
 * Without the secret a key cannot be made, and every single-character change is caught here,
 * before any database lookup.
 */

const TIMESTAMP_LENGTH = 10;
const CHECKSUM_LENGTH = 10;
const KEY_PATTERN = new RegExp(
  `^AGY-(${CROCKFORD_CHAR}{4,12})-(${CROCKFORD_CHAR}{${TIMESTAMP_LENGTH}})-(${CROCKFORD_CHAR}{${CHECKSUM_LENGTH}})$`,
);

export interface LicenseKeyParts {
  key: string;
  tenantCode: string;
  issuedAtMs: number;
}

function checksum(body: string, secret: string): string {
  const mac = createHmac("sha256", secret).update(body).digest();
  return encodeCrockfordBytes(mac.subarray(0, 7)).slice(0, CHECKSUM_LENGTH);
}

/** Builds the key for a tenant code and issue time. Pure: the same inputs give the same key. */
export function formatLicenseKey(tenantCode: string, issuedAtMs: number, secret: string): string {
  const body = `AGY-${tenantCode}-${encodeCrockfordInteger(issuedAtMs, TIMESTAMP_LENGTH)}`;
  return `${body}-${checksum(body, secret)}`;
}

/** Trims, upper-cases and maps Crockford's look-alikes (I, L → 1; O → 0). */
export function canonicalizeLicenseKey(input: string): string {
  return canonicalCrockford(input.trim());
}

/** True when the input has a key's shape (checksum unchecked): worth counting, perhaps looking up. */
export function isWellFormedLicenseKey(input: string): boolean {
  return KEY_PATTERN.test(canonicalizeLicenseKey(input));
}

/** The key's parts when its checksum holds, else null. Constant-time on the checksum. */
export function verifyLicenseKey(input: string, secret: string): LicenseKeyParts | null {
  const key = canonicalizeLicenseKey(input);
  const match = KEY_PATTERN.exec(key);
  if (!match) return null;
  const [, tenantCode = "", timestamp = "", given = ""] = match;
  const expected = checksum(key.slice(0, key.length - CHECKSUM_LENGTH - 1), secret);
  if (!timingSafeEqual(Buffer.from(given), Buffer.from(expected))) return null;
  return { key, tenantCode, issuedAtMs: decodeCrockfordInteger(timestamp) };
}

/**
 * Crockford's base32 (https://www.crockford.com/base32.html): digits and upper-case letters
 * without I, L, O and U, so keys read aloud or typed by hand survive. Hand-written because the
 * job is a 32-letter table; what matters here is the exact canonical form.
 */
export const CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** One or more Crockford characters, as a regex source. */
export const CROCKFORD_CHAR = "[0-9A-HJKMNP-TV-Z]";

/** Upper-cases and maps the look-alikes Crockford allows: I and L read as 1, O as 0. */
export function canonicalCrockford(text: string): string {
  return text.toUpperCase().replace(/[IL]/g, "1").replace(/O/g, "0");
}

/** A non-negative integer as exactly `length` characters (most significant first). */
export function encodeCrockfordInteger(value: number, length: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Not a non-negative integer: ${value}`);
  let rest = BigInt(value);
  let out = "";
  for (let i = 0; i < length; i++) {
    out = CROCKFORD_ALPHABET[Number(rest % 32n)] + out;
    rest /= 32n;
  }
  if (rest !== 0n) throw new RangeError(`${value} does not fit in ${length} characters`);
  return out;
}

/** Inverse of encodeCrockfordInteger for canonical input; NaN for any other character. */
export function decodeCrockfordInteger(text: string): number {
  let value = 0n;
  for (const char of text) {
    const digit = CROCKFORD_ALPHABET.indexOf(char);
    if (digit < 0) return Number.NaN;
    value = value * 32n + BigInt(digit);
  }
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : Number.NaN;
}

/** Bytes as Crockford characters, 5 bits each, most significant bit first. */
export function encodeCrockfordBytes(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += CROCKFORD_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** Random Crockford characters from a cryptographic source. */
export function randomCrockford(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (byte) => CROCKFORD_ALPHABET[byte & 31]).join("");
}

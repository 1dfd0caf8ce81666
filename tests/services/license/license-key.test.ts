import { describe, expect, it } from "vitest";
import { CROCKFORD_ALPHABET } from "@/lib/crockford-base32";
import { canonicalizeLicenseKey, formatLicenseKey, verifyLicenseKey } from "@/services/license";

const SECRET = "k".repeat(40);
const ISSUED = Date.UTC(2026, 10, 25, 9, 30, 0, 7);
const KEY = formatLicenseKey("7KQ2MX", ISSUED, SECRET);

describe("license keys", () => {
  it("have the documented form and carry tenant and issue time", () => {
    expect(KEY).toMatch(/^AGY-7KQ2MX-[0-9A-HJKMNP-TV-Z]{10}-[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(verifyLicenseKey(KEY, SECRET)).toEqual({ key: KEY, tenantCode: "7KQ2MX", issuedAtMs: ISSUED });
    expect(formatLicenseKey("7KQ2MX", ISSUED, SECRET)).toBe(KEY);
    expect(formatLicenseKey("7KQ2MX", ISSUED + 1, SECRET)).not.toBe(KEY);
  });

  it("are canonicalised: spaces, case and Crockford look-alikes", () => {
    const typed = `  ${KEY.toLowerCase().replaceAll("1", "l").replaceAll("0", "o")}\n`;
    expect(canonicalizeLicenseKey(typed)).toBe(KEY);
    expect(verifyLicenseKey(typed, SECRET)?.key).toBe(KEY);
  });

  it("cannot be forged: every single-character change is rejected", () => {
    const symbols = `${CROCKFORD_ALPHABET}U-_ #`;
    let tried = 0;
    for (let position = 0; position < KEY.length; position++) {
      for (const symbol of symbols) {
        const changed = KEY.slice(0, position) + symbol + KEY.slice(position + 1);
        if (canonicalizeLicenseKey(changed) === KEY) continue;
        tried++;
        expect(verifyLicenseKey(changed, SECRET), `${changed} must not verify`).toBeNull();
      }
    }
    expect(tried).toBeGreaterThan(KEY.length * 30);
  });

  it("cannot be made without the secret", () => {
    expect(verifyLicenseKey(KEY, "x".repeat(40))).toBeNull();
    expect(verifyLicenseKey(formatLicenseKey("7KQ2MX", ISSUED, "x".repeat(40)), SECRET)).toBeNull();
  });

  it("rejects other shapes before any checksum", () => {
    for (const input of ["", "AGY", `${KEY}-0`, KEY.replace("AGY", "AGX"), KEY.replaceAll("-", ""), `X${KEY}`]) {
      expect(verifyLicenseKey(input, SECRET)).toBeNull();
    }
  });
});

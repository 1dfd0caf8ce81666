import { describe, expect, it } from "vitest";
import {
  canonicalCrockford,
  CROCKFORD_ALPHABET,
  decodeCrockfordInteger,
  encodeCrockfordBytes,
  encodeCrockfordInteger,
  randomCrockford,
} from "@/lib/crockford-base32";

describe("Crockford base32", () => {
  it("has 32 symbols without I, L, O and U", () => {
    expect(CROCKFORD_ALPHABET).toHaveLength(32);
    expect(CROCKFORD_ALPHABET).not.toMatch(/[ILOU]/);
  });

  it("encodes integers at a fixed width and decodes them back", () => {
    expect(encodeCrockfordInteger(0, 4)).toBe("0000");
    expect(encodeCrockfordInteger(31, 2)).toBe("0Z");
    expect(encodeCrockfordInteger(32, 2)).toBe("10");
    const now = Date.UTC(2026, 10, 25, 12, 0, 0, 123);
    expect(decodeCrockfordInteger(encodeCrockfordInteger(now, 10))).toBe(now);
    expect(() => encodeCrockfordInteger(1024, 2)).toThrowError(/does not fit/);
    expect(() => encodeCrockfordInteger(-1, 2)).toThrowError(/non-negative/);
    expect(decodeCrockfordInteger("0U")).toBeNaN();
    expect(decodeCrockfordInteger("ZZZZZZZZZZZZZZZZ")).toBeNaN();
  });

  it("encodes bytes five bits at a time, like RFC 4648 with Crockford's symbols", () => {
    expect(encodeCrockfordBytes(new Uint8Array([0xff]))).toBe("ZW");
    expect(encodeCrockfordBytes(new TextEncoder().encode("f"))).toBe("CR");
    expect(encodeCrockfordBytes(new TextEncoder().encode("foobar"))).toBe("CSQPYRK1E8");
  });

  it("canonicalises case and look-alikes", () => {
    expect(canonicalCrockford("agy-iLo")).toBe("AGY-110");
  });

  it("draws random codes from the alphabet", () => {
    const code = randomCrockford(64);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{64}$/);
  });
});

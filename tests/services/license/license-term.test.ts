import { describe, expect, it } from "vitest";
import { addBillingPeriod, LICENSE_TERM_DAYS, licenseStatusAt, renewedExpiry } from "@/services/license";

const at = (iso: string) => new Date(iso);

describe("license terms", () => {
  it("add 365 days for a year, whatever the calendar", () => {
    expect(LICENSE_TERM_DAYS).toBe(365);
    expect(addBillingPeriod(at("2027-03-01T10:00:00Z"), "year")).toEqual(at("2028-02-29T10:00:00Z"));
    expect(addBillingPeriod(at("2026-01-15T00:00:00Z"), "year")).toEqual(at("2027-01-15T00:00:00Z"));
  });

  it("add one calendar month, clamped to the month's end", () => {
    expect(addBillingPeriod(at("2026-01-15T08:30:00Z"), "month")).toEqual(at("2026-02-15T08:30:00Z"));
    expect(addBillingPeriod(at("2026-01-31T08:30:00Z"), "month")).toEqual(at("2026-02-28T08:30:00Z"));
    expect(addBillingPeriod(at("2028-01-31T00:00:00Z"), "month")).toEqual(at("2028-02-29T00:00:00Z"));
    expect(addBillingPeriod(at("2026-12-31T23:59:59Z"), "month")).toEqual(at("2027-01-31T23:59:59Z"));
  });

  it("renew from the current expiry, not from today", () => {
    const expiry = at("2026-12-01T00:00:00Z");
    expect(renewedExpiry(expiry, "month")).toEqual(at("2027-01-01T00:00:00Z"));
    expect(renewedExpiry(renewedExpiry(expiry, "month"), "month")).toEqual(at("2027-02-01T00:00:00Z"));
    expect(renewedExpiry(expiry, "year")).toEqual(at("2027-12-01T00:00:00Z"));
  });
});

describe("license status", () => {
  const expiresAt = at("2027-01-01T00:00:00Z");
  it("turns expired at the instant of expiry", () => {
    expect(licenseStatusAt({ status: "active", expiresAt }, at("2026-12-31T23:59:59.999Z"))).toBe("active");
    expect(licenseStatusAt({ status: "active", expiresAt }, expiresAt)).toBe("expired");
  });

  it("puts revocation and suspension before expiry", () => {
    const later = at("2030-01-01T00:00:00Z");
    expect(licenseStatusAt({ status: "revoked", expiresAt }, later)).toBe("revoked");
    expect(licenseStatusAt({ status: "suspended", expiresAt }, later)).toBe("suspended");
    expect(licenseStatusAt({ status: "suspended", expiresAt }, at("2026-06-01T00:00:00Z"))).toBe("suspended");
  });
});

import { describe, expect, it } from "vitest";
import {
  addMoney,
  CurrencyCodeSchema,
  currencyExponent,
  formatMoney,
  money,
  parseMajorUnits,
  toMajorUnitsString,
} from "@/lib/money";

describe("currencyExponent", () => {
  it("follows ISO 4217", () => {
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("vnd")).toBe(0);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("KWD")).toBe(3);
    expect(currencyExponent("EUR")).toBe(2);
  });

  it("rejects codes that are not currencies", () => {
    expect(() => currencyExponent("XYZ1")).toThrowError(/Unknown currency/);
    expect(CurrencyCodeSchema.safeParse("usd").data).toBe("USD");
    expect(CurrencyCodeSchema.safeParse("ZZZ").success).toBe(false);
  });
});

describe("money", () => {
  it("holds whole minor units only", () => {
    expect(money(4900, "USD")).toEqual({ amountMinor: 4900, currency: "USD" });
    expect(() => money(49.5, "USD")).toThrowError(/whole number of minor units/);
    expect(() => money(2 ** 53, "USD")).toThrowError(/too large/);
  });

  it("adds only the same currency", () => {
    expect(addMoney(money(1, "USD"), money(2, "USD"))).toEqual(money(3, "USD"));
    expect(() => addMoney(money(1, "USD"), money(2, "VND"))).toThrowError(/Cannot add/);
  });
});

describe("parseMajorUnits and toMajorUnitsString", () => {
  it("convert exactly, by digits", () => {
    expect(parseMajorUnits("49.00", "USD").amountMinor).toBe(4900);
    expect(parseMajorUnits("0.1", "USD").amountMinor).toBe(10);
    expect(parseMajorUnits("1.005", "KWD").amountMinor).toBe(1005);
    expect(parseMajorUnits("500000000", "VND").amountMinor).toBe(500_000_000);
    expect(parseMajorUnits("-12.34", "EUR").amountMinor).toBe(-1234);
    expect(toMajorUnitsString(money(5, "USD"))).toBe("0.05");
    expect(toMajorUnitsString(money(-1234, "EUR"))).toBe("-12.34");
    expect(toMajorUnitsString(money(199000, "VND"))).toBe("199000");
  });

  it("round-trips amounts where floats would drift", () => {
    for (const text of ["0.10", "0.20", "0.30", "1234567.89", "90071992547409.91"]) {
      expect(toMajorUnitsString(parseMajorUnits(text, "USD"))).toBe(text);
    }
  });

  it("refuses more decimals than the currency has, and non-numbers", () => {
    expect(() => parseMajorUnits("10.5", "VND")).toThrowError(/VND takes at most 0 decimal places/);
    expect(() => parseMajorUnits("1.001", "USD")).toThrowError(/at most 2/);
    expect(() => parseMajorUnits("1e3", "USD")).toThrowError(/Not a decimal amount/);
  });
});

describe("formatMoney", () => {
  it("formats with the currency's own decimals", () => {
    expect(formatMoney(money(123450, "USD"))).toBe("$1,234.50");
    expect(formatMoney(money(199000, "VND"))).toBe("₫199,000");
    expect(formatMoney(money(500_000_000, "VND"), "vi-VN")).toBe("500.000.000\u00a0₫");
    expect(formatMoney(money(1500, "JPY"))).toBe("¥1,500");
    expect(formatMoney(money(-5, "USD"))).toBe("-$0.05");
  });

  it("keeps every digit of amounts beyond float precision", () => {
    expect(formatMoney(money(9_007_199_254_740_991, "USD"))).toBe("$90,071,992,547,409.91");
  });
});

import { describe, expect, it } from "vitest";
import { normalizeDomain } from "@/lib/domain/normalize-domain";

describe("normalizeDomain", () => {
  it.each([
    ["Example.COM", "example.com"],
    ["  shop.example.com  ", "shop.example.com"],
    ["example.com.", "example.com"],
    ["example.com:8443", "example.com"],
    ["Example.com.:443", "example.com"],
    ["bücher.de", "xn--bcher-kva.de"],
    ["BÜCHER.de", "xn--bcher-kva.de"],
    ["xn--bcher-kva.de", "xn--bcher-kva.de"],
    ["例え.jp", "xn--r8jz45g.jp"],
    ["www.example.com", "www.example.com"],
    ["localhost", "localhost"],
  ])("%s → %s", (input, expected) => {
    expect(normalizeDomain(input)).toBe(expected);
  });

  it("keeps www. as given: it names another host", () => {
    expect(normalizeDomain("www.example.com")).not.toBe(normalizeDomain("example.com"));
  });

  it.each([
    "",
    " ",
    ".",
    "https://example.com",
    "example.com/shop",
    "a b.com",
    "user@example.com",
    "ex..com",
    `${"a".repeat(64)}.com`,
  ])("refuses %j", (input) => {
    expect(normalizeDomain(input)).toBeNull();
  });
});

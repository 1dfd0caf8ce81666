import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findUnsafeText } from "@/lib/http";

describe("findUnsafeText", () => {
  it("passes plain text, numbers and nested values", () => {
    expect(
      findUnsafeText({ email: "a@b.co", name: "Nguyễn Văn A 😀", n: 1, ok: true, list: ["x"], none: null }),
    ).toBeNull();
  });

  it("names the first field holding a control character, at any depth, keys included", () => {
    expect(findUnsafeText({ key: "a\u0000b" })).toBe("key");
    expect(findUnsafeText({ customer: { email: "x\u001b[2J" } })).toBe("customer.email");
    expect(findUnsafeText({ items: ["ok", "tab\there"] })).toBe("items.1");
    expect(findUnsafeText({ "bad\u0000key": "v" })).toBe("bad\u0000key");
    expect(findUnsafeText({ next: "\u0085" })).toBe("next");
    expect(findUnsafeText("a\u007f", "body")).toBe("body");
  });

  it("names a field that is not well-formed Unicode (a lone surrogate)", () => {
    expect(findUnsafeText({ domain: "\ud800.example" })).toBe("domain");
    expect(findUnsafeText({ domain: "\udfff" })).toBe("domain");
  });

  it("finds every string with a character below 0x20 or in 0x7f–0x9f, and no other", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const unsafe = [...text].some((char) => {
          const code = char.codePointAt(0)!;
          return code < 0x20 || (code >= 0x7f && code <= 0x9f);
        });
        expect(findUnsafeText({ text }) !== null).toBe(unsafe);
      }),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSameOrigin, safeNextPath } from "@/lib/http";

describe("safeNextPath", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    expect(safeNextPath("/dashboard/settings?tab=keys#api")).toBe("/dashboard/settings?tab=keys#api");
    expect(safeNextPath("/dashboard/../checkout/x")).toBe("/checkout/x");
  });

  it("falls back to the console for anything that could leave the site, or loop", () => {
    for (const next of [
      undefined,
      null,
      "",
      "dashboard",
      "https://evil.example/",
      "//evil.example",
      "///evil.example",
      "/\\evil.example",
      "/\\/evil.example",
      "\\\\evil.example",
      "/\tevil",
      "/\n/evil.example",
      "javascript:alert(1)",
      "/.//evil.example",
      "/%2e//evil.example",
      "/a/..//evil.example",
      "/%2e%2e//evil.example/x",
      " /dashboard",
      "/login",
      "/login?next=/dashboard",
      "/setup?token=x",
      `/${"a".repeat(3000)}`,
    ]) {
      expect(safeNextPath(next), String(next)).toBe("/dashboard");
    }
  });

  it("never answers anything a browser would take to another host", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 40 }),
          // The pieces redirects are smuggled in with: slashes, dots, encodings, backslashes, tabs.
          fc
            .array(fc.constantFrom("/", ".", "..", "%2e", "%2f", "%5c", "\\", "\t", "evil.example", "@", ":"), {
              maxLength: 8,
            })
            .map((pieces) => pieces.join("")),
        ),
        (tail) => {
          const answer = safeNextPath(`/${tail}`);
          // What a browser does with the answer as a Location: it must stay on this host.
          expect(new URL(answer, "https://agency.example").host).toBe("agency.example");
          expect(answer.startsWith("/")).toBe(true);
          expect(answer.startsWith("//")).toBe(false);
          expect(answer).not.toMatch(/[\\\u0000-\u001f]/);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("isSameOrigin", () => {
  const headers = (values: Record<string, string>) => new Headers(values);

  it("holds only when Origin names the host the request went to", () => {
    expect(isSameOrigin(headers({ origin: "https://agency.example", host: "agency.example" }))).toBe(true);
    expect(isSameOrigin(headers({ origin: "http://127.0.0.1:3100", host: "127.0.0.1:3100" }))).toBe(true);
    expect(isSameOrigin(headers({ origin: "https://evil.example", host: "agency.example" }))).toBe(false);
    expect(isSameOrigin(headers({ origin: "https://agency.example.evil.example", host: "agency.example" }))).toBe(
      false,
    );
    expect(isSameOrigin(headers({ origin: "null", host: "agency.example" }))).toBe(false);
    expect(isSameOrigin(headers({ host: "agency.example" }))).toBe(false);
    expect(isSameOrigin(headers({ origin: "https://agency.example" }))).toBe(false);
  });
});

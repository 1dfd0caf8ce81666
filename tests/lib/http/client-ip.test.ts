import { describe, expect, it } from "vitest";
import { requestIp, resolveClientIp } from "@/lib/http";

describe("resolveClientIp", () => {
  it("is the socket's peer when no proxy of ours is declared, whatever the client wrote", () => {
    expect(resolveClientIp("203.0.113.9", undefined)).toBe("203.0.113.9");
    expect(resolveClientIp("203.0.113.9", "6.6.6.6")).toBe("203.0.113.9");
    expect(resolveClientIp("::ffff:203.0.113.9", "6.6.6.6, 7.7.7.7")).toBe("203.0.113.9");
    expect(resolveClientIp("2001:db8::1", "6.6.6.6")).toBe("2001:db8::1");
  });

  it("counts our proxies from the right, ignoring what the client wrote further left", () => {
    // One proxy of ours: it appended the client's address and is itself the socket's peer.
    expect(resolveClientIp("10.0.0.2", "203.0.113.9", 1)).toBe("203.0.113.9");
    expect(resolveClientIp("10.0.0.2", "6.6.6.6, 203.0.113.9", 1)).toBe("203.0.113.9");
    expect(resolveClientIp("10.0.0.2", ["6.6.6.6", "10.0.0.1, 203.0.113.9"], 1)).toBe("203.0.113.9");
    expect(resolveClientIp("10.0.0.3", "6.6.6.6, 203.0.113.9, 10.0.0.2", 2)).toBe("203.0.113.9");
  });

  it("falls back to the socket when a proxy's entry is missing or not an address", () => {
    expect(resolveClientIp("10.0.0.2", undefined, 1)).toBe("10.0.0.2");
    expect(resolveClientIp("10.0.0.2", "not-an-ip", 1)).toBe("10.0.0.2");
    expect(resolveClientIp("10.0.0.2", "6.6.6.6", 5)).toBe("6.6.6.6");
    expect(resolveClientIp(undefined, undefined)).toBe("unknown");
  });
});

describe("requestIp", () => {
  const headers = (init: Record<string, string>) => new Headers(init);

  it("reads the one address the launcher wrote", () => {
    expect(requestIp(headers({ "x-forwarded-for": "203.0.113.9" }))).toBe("203.0.113.9");
    expect(requestIp(headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }))).toBe("203.0.113.9");
  });

  it("is `unknown` without one, and never trusts x-real-ip or text that is not an address", () => {
    expect(requestIp(headers({ "x-real-ip": "198.51.100.4" }))).toBe("unknown");
    expect(requestIp(headers({ "x-forwarded-for": "evil" }))).toBe("unknown");
    expect(requestIp(headers({}))).toBe("unknown");
  });
});

import { describe, expect, it } from "vitest";
import { rateLimitSubject } from "@/lib/http";

describe("rateLimitSubject", () => {
  it("counts an IPv4 address as itself", () => {
    expect(rateLimitSubject("203.0.113.9")).toBe("203.0.113.9");
    expect(rateLimitSubject("unknown")).toBe("unknown");
  });

  it("counts every IPv6 address of one /64 together, however it is written", () => {
    const subject = "2001:0db8:0000:0001::/64";
    expect(rateLimitSubject("2001:db8:0:1::1")).toBe(subject);
    expect(rateLimitSubject("2001:db8:0:1:ffff:ffff:ffff:ffff")).toBe(subject);
    expect(rateLimitSubject("2001:DB8::1:0:0:0:7")).toBe(subject);
    expect(rateLimitSubject("2001:db8:0:2::1")).not.toBe(subject);
    expect(rateLimitSubject("::1")).toBe("0000:0000:0000:0000::/64");
    expect(rateLimitSubject("fe80::1:2.3.4.5")).toBe("fe80:0000:0000:0000::/64");
  });
});

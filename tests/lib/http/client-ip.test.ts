import { describe, expect, it } from "vitest";
import { clientIp } from "@/lib/http";

const headers = (init: Record<string, string>) => new Headers(init);

describe("clientIp", () => {
  it("takes the address Next.js or the nearest proxy wrote, not what the client claims", () => {
    expect(clientIp(headers({ "x-forwarded-for": "203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientIp(headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }))).toBe("203.0.113.9");
  });

  it("skips the proxies of ours in front of the app", () => {
    const chain = headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.2" });
    expect(clientIp(chain, 1)).toBe("203.0.113.9");
    expect(clientIp(chain, 5)).toBe("6.6.6.6");
  });

  it("falls back to x-real-ip, then to one shared bucket", () => {
    expect(clientIp(headers({ "x-real-ip": " 198.51.100.4 " }))).toBe("198.51.100.4");
    expect(clientIp(headers({}))).toBe("unknown");
  });
});

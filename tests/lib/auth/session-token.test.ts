import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createSessionToken, verifySessionToken } from "@/lib/auth";

const SECRET = "a".repeat(43);

describe("session tokens", () => {
  it("round-trip the owner's claims", async () => {
    const token = await createSessionToken({ sub: "owner@agency.example", role: "owner" }, SECRET);
    expect(await verifySessionToken(token, SECRET)).toEqual({ sub: "owner@agency.example", role: "owner" });
  });

  it("reject another secret, a tampered payload, expiry and unsigned tokens", async () => {
    const token = await createSessionToken({ sub: "owner", role: "owner" }, SECRET);
    expect(await verifySessionToken(token, "b".repeat(43))).toBeNull();
    const [header, , signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ sub: "mallory", role: "owner" })).toString("base64url");
    expect(await verifySessionToken(`${header}.${forged}.${signature}`, SECRET)).toBeNull();
    const expired = await createSessionToken({ sub: "owner", role: "owner" }, SECRET, -10);
    expect(await verifySessionToken(expired, SECRET)).toBeNull();
    const unsigned = new UnsecuredJWT({ role: "owner" }).setSubject("owner").encode();
    expect(await verifySessionToken(unsigned, SECRET)).toBeNull();
  });

  it("reject tokens for another audience or with unknown roles", async () => {
    const signed = (role: string, audience: string) =>
      new SignJWT({ role })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject("owner")
        .setIssuer("agencyos")
        .setAudience(audience)
        .setExpirationTime("1h")
        .sign(new TextEncoder().encode(SECRET));
    expect(await verifySessionToken(await signed("owner", "agencyos:dashboard"), SECRET)).not.toBeNull();
    expect(await verifySessionToken(await signed("owner", "someone-else"), SECRET)).toBeNull();
    expect(await verifySessionToken(await signed("admin", "agencyos:dashboard"), SECRET)).toBeNull();
  });
});

import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createSessionToken, SESSION_MAX_AGE_SECONDS, verifySessionToken } from "@/lib/auth";

const SECRET = "a".repeat(43);
const NOW = () => Math.floor(Date.now() / 1000);

/** A token signed with our secret, issuer and algorithm, carrying whatever claims are given. */
function signedJwt(claims: Record<string, unknown>, audience = "agencyos:dashboard"): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256" })
    .setSubject("owner")
    .setIssuer("agencyos")
    .setAudience(audience)
    .setExpirationTime("1h")
    .sign(new TextEncoder().encode(SECRET));
}

describe("session tokens", () => {
  it("round-trip the owner's claims", async () => {
    const token = await createSessionToken(
      { sub: "owner@agency.example", role: "owner", ver: 3, sid: "s1", auth: NOW() },
      SECRET,
    );
    const verified = await verifySessionToken(token, SECRET);
    expect(verified).toEqual({
      sub: "owner@agency.example",
      role: "owner",
      ver: 3,
      sid: "s1",
      auth: expect.any(Number),
      issuedAt: expect.any(Number),
      expiresAt: expect.any(Number),
    });
    // When it was signed, for the proxy's renewal.
    expect(Math.abs(verified!.issuedAt - Date.now() / 1000)).toBeLessThan(5);
  });

  it("reject another secret, a tampered payload, expiry and unsigned tokens", async () => {
    const token = await createSessionToken({ sub: "owner", role: "owner", ver: 1, sid: "s1", auth: NOW() }, SECRET);
    expect(await verifySessionToken(token, "b".repeat(43))).toBeNull();
    const [header, , signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ sub: "mallory", role: "owner" })).toString("base64url");
    expect(await verifySessionToken(`${header}.${forged}.${signature}`, SECRET)).toBeNull();
    const expired = await createSessionToken(
      { sub: "owner", role: "owner", ver: 1, sid: "s1", auth: NOW() },
      SECRET,
      -10,
    );
    expect(await verifySessionToken(expired, SECRET)).toBeNull();
    const unsigned = new UnsecuredJWT({ role: "owner" }).setSubject("owner").encode();
    expect(await verifySessionToken(unsigned, SECRET)).toBeNull();
  });

  it("reject tokens for another audience or with unknown roles", async () => {
    const full = { role: "owner", ver: 1, sid: "s1", auth: NOW() };
    expect(await verifySessionToken(await signedJwt(full), SECRET)).not.toBeNull();
    expect(await verifySessionToken(await signedJwt(full, "someone-else"), SECRET)).toBeNull();
    expect(await verifySessionToken(await signedJwt({ ...full, role: "admin" }), SECRET)).toBeNull();
  });

  it("reject a token without the session version it was signed under, or without its session id", async () => {
    const sidless = await signedJwt({ role: "owner", ver: 1, auth: NOW() });
    expect(await verifySessionToken(sidless, SECRET)).toBeNull();
    const versionless = await signedJwt({ role: "owner", sid: "s1", auth: NOW() });
    expect(await verifySessionToken(versionless, SECRET)).toBeNull();
  });

  it("end a session kept in use past its maximum age from the sign-in", async () => {
    const claims = { sub: "owner", role: "owner" as const, ver: 1, sid: "s1" };
    const recent = await createSessionToken({ ...claims, auth: NOW() - SESSION_MAX_AGE_SECONDS + 60 }, SECRET);
    expect(await verifySessionToken(recent, SECRET)).not.toBeNull();
    const old = await createSessionToken({ ...claims, auth: NOW() - SESSION_MAX_AGE_SECONDS - 1 }, SECRET);
    expect(await verifySessionToken(old, SECRET)).toBeNull();
  });
});

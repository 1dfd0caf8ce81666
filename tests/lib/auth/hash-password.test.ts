import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth";

describe("hashPassword", () => {
  it("stores argon2id at OWASP's parameters, salted afresh each time", async () => {
    const first = await hashPassword("correct horse battery staple");
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hashPassword("correct horse battery staple")).not.toBe(first);
  });

  it("verifies the password and nothing else, and never throws on a broken hash", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(await verifyPassword(stored, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(stored, "correct horse battery stapl")).toBe(false);
    expect(await verifyPassword("not a hash", "anything")).toBe(false);
  });
});

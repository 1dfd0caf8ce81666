import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import { TOTP } from "otpauth";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvents, ownerAccounts } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import {
  confirmTwoFactor,
  countRecoveryCodes,
  disableTwoFactor,
  findTwoFactorEnrolment,
  setOwner,
  signInOwner,
  startTwoFactorEnrolment,
} from "@/services/auth";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
const PASSWORD = "correct horse battery staple";
const newIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

// The code an authenticator app shows for this secret at this moment: computed by the library, as an app would.
const codeAt = (secret: string, at = Date.now()) => TOTP.generate({ secret: secretOf(secret), timestamp: at });
const secretOf = (base32: string) => new TOTP({ secret: base32 }).secret;

beforeAll(() => setProcessEnv({ QUEUE_PREFIX: `two-factor-${randomInt(1e9)}` }));
// Each test its own email, since wrong tries are counted per email as well as per address.
let EMAIL = "";
beforeEach(async () => {
  EMAIL = `owner-${randomInt(1e9)}@agency.example`;
  await setOwner(db(), { email: EMAIL, password: PASSWORD });
});

async function enrol(): Promise<{ secret: string; recoveryCodes: string[] }> {
  const { secret, uri } = await startTwoFactorEnrolment(db());
  expect(uri).toMatch(new RegExp(`^otpauth://totp/AgencyOS:${encodeURIComponent(EMAIL)}\\?.*secret=${secret}`));
  // A code from the step before counts as used: sign-in must wait for a new one.
  const { recoveryCodes } = await confirmTwoFactor(db(), { code: codeAt(secret, Date.now() - 30_000) });
  return { secret, recoveryCodes };
}

describe("enrolling", () => {
  it("turns on only after a code proves the app holds the secret, and gives ten recovery codes once", async () => {
    const { secret } = await startTwoFactorEnrolment(db());
    expect(await findTwoFactorEnrolment(db())).toMatchObject({ secret });
    await expect(
      confirmTwoFactor(db(), { code: "000000" === codeAt(secret) ? "111111" : "000000" }),
    ).rejects.toMatchObject({
      code: "unauthorized",
      field: "code",
    });
    const [before] = await db().select().from(ownerAccounts);
    expect(before!.totpSecret).toBeNull();

    const { recoveryCodes } = await confirmTwoFactor(db(), { code: codeAt(secret) });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[2-9a-z]{5}-[2-9a-z]{5}$/);
    expect(await countRecoveryCodes(db())).toBe(10);
    expect(await findTwoFactorEnrolment(db())).toBeNull();
    // Confirming again (a second tab) finds no offer; enrolling again needs turning it off first.
    await expect(confirmTwoFactor(db(), { code: codeAt(secret) })).rejects.toMatchObject({ code: "conflict" });
    await expect(startTwoFactorEnrolment(db())).rejects.toMatchObject({ code: "conflict" });
    const lines = await db().select().from(auditEvents).where(eq(auditEvents.action, "auth.two_factor.enable"));
    expect(lines.map((line) => line.outcome).sort()).toEqual(expect.arrayContaining(["failed", "succeeded"]));
  });
});

describe("signing in with two-factor on", () => {
  it("asks for a code after the right password, takes a current code once, and refuses a replay", async () => {
    const { secret } = await enrol();
    const ip = newIp();
    await expect(signInOwner(db(), { email: EMAIL, password: PASSWORD }, { ip })).rejects.toMatchObject({
      code: "unauthorized",
      field: "code",
      details: { secondFactorRequired: true },
    });
    // A wrong password still gets the one answer, without saying a code would be wanted.
    await expect(
      signInOwner(db(), { email: EMAIL, password: "wrong password!", code: "123456" }, { ip }),
    ).rejects.toMatchObject({
      code: "unauthorized",
      field: undefined,
    });
    const code = codeAt(secret);
    const session = await signInOwner(db(), { email: EMAIL, password: PASSWORD, code }, { ip });
    expect(session.token).toBeTruthy();
    await expect(signInOwner(db(), { email: EMAIL, password: PASSWORD, code }, { ip: newIp() })).rejects.toMatchObject({
      code: "unauthorized",
      field: "code",
    });
  });

  it("takes a recovery code once, typed in any case with or without its dash", async () => {
    const { recoveryCodes } = await enrol();
    const code = recoveryCodes[3]!;
    const typed = ` ${code.replace("-", "").toUpperCase()} `;
    await signInOwner(db(), { email: EMAIL, password: PASSWORD, code: typed }, { ip: newIp() });
    expect(await countRecoveryCodes(db())).toBe(9);
    await expect(signInOwner(db(), { email: EMAIL, password: PASSWORD, code }, { ip: newIp() })).rejects.toMatchObject({
      code: "unauthorized",
    });
    const [line] = await db()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "auth.sign_in"))
      .orderBy(auditEvents.occurredAt)
      .then((rows) => rows.filter((row) => row.outcome === "succeeded").slice(-1));
    expect(line!.details).toEqual({ secondFactor: "recovery_code" });
  });

  it("spends one recovery code once when two sign-ins use it at once", async () => {
    const { recoveryCodes } = await enrol();
    const code = recoveryCodes[0]!;
    const outcomes = await Promise.allSettled([
      signInOwner(db(), { email: EMAIL, password: PASSWORD, code }, { ip: newIp() }),
      signInOwner(db(), { email: EMAIL, password: PASSWORD, code }, { ip: newIp() }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
  });

  it("counts wrong codes with wrong passwords: five, then rate limited", async () => {
    await enrol();
    const ip = newIp();
    for (let i = 0; i < 5; i += 1) {
      await expect(
        signInOwner(db(), { email: EMAIL, password: PASSWORD, code: "abcde-fghjk" }, { ip }),
      ).rejects.toMatchObject({ code: "unauthorized" });
    }
    await expect(
      signInOwner(db(), { email: EMAIL, password: PASSWORD, code: "abcde-fghjk" }, { ip }),
    ).rejects.toMatchObject({
      code: "rate_limited",
    });
  });

  it("turns off with the password only, and a reset from the terminal turns it off too", async () => {
    await enrol();
    await expect(disableTwoFactor(db(), { password: "not the password" })).rejects.toMatchObject({
      code: "unauthorized",
      field: "password",
    });
    await disableTwoFactor(db(), { password: PASSWORD });
    expect(await countRecoveryCodes(db())).toBe(0);
    await signInOwner(db(), { email: EMAIL, password: PASSWORD }, { ip: newIp() });

    await enrol();
    await setOwner(db(), { email: EMAIL, password: PASSWORD });
    const [owner] = await db().select().from(ownerAccounts);
    expect(owner!.totpSecret).toBeNull();
    expect(await countRecoveryCodes(db())).toBe(0);
  });
});

import { randomInt } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, ownerAccounts } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import type { AppError } from "@/lib/errors";
import {
  changeOwnerPassword,
  completeSetup,
  createSetupToken,
  endOwnerSessions,
  findOwnerSession,
  offerFirstRunSetup,
  setOwner,
  signInOwner,
  signOutOwner,
} from "@/services/auth";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
const PASSWORD = "correct horse battery staple";
const newIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

beforeAll(() => setProcessEnv({ QUEUE_PREFIX: `auth-${randomInt(1e9)}` }));

const auditLines = (action: string) =>
  db().select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(auditEvents.occurredAt);

describe("first-run setup", () => {
  it("creates the owner once with a valid token, and refuses a used, expired or unknown one", async () => {
    await db().delete(ownerAccounts);
    const expired = await createSetupToken(db(), new Date(Date.now() - 2 * 60 * 60 * 1000));
    await expect(
      completeSetup(db(), { token: expired.token, email: "owner@agency.example", password: PASSWORD }),
    ).rejects.toMatchObject({ code: "forbidden", field: "token" });
    await expect(
      completeSetup(db(), { token: "not-a-token", email: "owner@agency.example", password: PASSWORD }),
    ).rejects.toMatchObject({ code: "forbidden" });

    const { token, expiresAt } = await createSetupToken(db());
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60 * 1000);
    const owner = await completeSetup(
      db(),
      { token, email: "owner@agency.example", password: PASSWORD },
      { ip: "192.0.2.1" },
    );
    expect(owner).toMatchObject({ email: "owner@agency.example", sessionVersion: 1 });
    expect(owner.passwordHash).toMatch(/^\$argon2id\$/);
    await expect(completeSetup(db(), { token, email: "thief@evil.example", password: PASSWORD })).rejects.toMatchObject(
      {
        code: "forbidden",
      },
    );
    // With an owner, no further token is given.
    await expect(createSetupToken(db())).rejects.toMatchObject({ code: "conflict" });
    const lines = await auditLines("auth.setup");
    expect(lines.map((line) => line.outcome)).toEqual(["failed", "failed", "succeeded", "failed"]);
    expect(lines[2]).toMatchObject({ ip: "192.0.2.1", actor: "anonymous" });
  });

  it("offers a setup link at start while no owner exists, and none after", async () => {
    await db().delete(ownerAccounts);
    const offer = await offerFirstRunSetup(db(), "https://agency.example");
    expect(offer!.url.origin + offer!.url.pathname).toBe("https://agency.example/setup");
    const token = offer!.url.searchParams.get("token")!;
    await completeSetup(db(), { token, email: "owner@agency.example", password: PASSWORD });
    expect(await offerFirstRunSetup(db(), "https://agency.example")).toBeNull();
  });

  it("makes one owner of two setups at once", async () => {
    await db().delete(ownerAccounts);
    const [first, second] = await Promise.all([createSetupToken(db()), createSetupToken(db())]);
    const outcomes = await Promise.allSettled([
      completeSetup(db(), { token: first.token, email: "a@agency.example", password: PASSWORD }),
      completeSetup(db(), { token: second.token, email: "b@agency.example", password: PASSWORD }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
    expect(await db().select().from(ownerAccounts)).toHaveLength(1);
  });
});

describe("signing in", () => {
  beforeAll(async () => {
    await setOwner(db(), { email: "owner@agency.example", password: PASSWORD });
  });

  it("gives a session for the right email and password, and one answer for anything wrong", async () => {
    const ip = newIp();
    const session = await signInOwner(db(), { email: "owner@agency.example", password: PASSWORD }, { ip });
    expect((await findOwnerSession(db(), session.token))?.owner.email).toBe("owner@agency.example");
    const wrongPassword = await signInOwner(db(), { email: "owner@agency.example", password: "nope" }, { ip }).catch(
      (error: unknown) => error,
    );
    const unknownEmail = await signInOwner(db(), { email: "who@else.example", password: PASSWORD }, { ip }).catch(
      (error: unknown) => error,
    );
    expect(wrongPassword).toMatchObject({ code: "unauthorized", userMessage: "The email or password is wrong." });
    expect(unknownEmail).toMatchObject({ code: "unauthorized", userMessage: "The email or password is wrong." });
    expect(await findOwnerSession(db(), "forged.token.value")).toBeNull();
  });

  it("stops after five failures in 15 minutes from one address, even for the right password", async () => {
    const ip = newIp();
    for (let i = 0; i < 5; i++) {
      await expect(signInOwner(db(), { email: `x${i}@e.example`, password: "nope" }, { ip })).rejects.toMatchObject({
        code: "unauthorized",
      });
    }
    const limited = await signInOwner(db(), { email: "owner@agency.example", password: PASSWORD }, { ip }).catch(
      (error: unknown) => error,
    );
    expect(limited).toMatchObject({ code: "rate_limited", details: { retryAfterSeconds: expect.any(Number) } });
    expect((limited as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds).toBeGreaterThan(800);
    // Another address is not held back by this one's failures.
    await expect(
      signInOwner(db(), { email: "owner@agency.example", password: PASSWORD }, { ip: newIp() }),
    ).resolves.toBeTruthy();
  });

  it("stops after five failures for one email, whatever the addresses", async () => {
    const email = `target-${randomInt(1e9)}@agency.example`;
    for (let i = 0; i < 5; i++) {
      await expect(signInOwner(db(), { email, password: "nope" }, { ip: newIp() })).rejects.toMatchObject({
        code: "unauthorized",
      });
    }
    await expect(signInOwner(db(), { email, password: "nope" }, { ip: newIp() })).rejects.toMatchObject({
      code: "rate_limited",
    });
    const lines = await db().select().from(auditEvents).where(eq(auditEvents.actorId, email));
    expect(lines.map((line) => line.details)).toContainEqual({ reason: "rate_limited" });
    expect(lines).toHaveLength(6);
  });

  it("checks at most five wrong passwords when twenty arrive at once, and right ones do not count", async () => {
    const ip = newIp();
    const email = `burst-${randomInt(1e9)}@agency.example`;
    await setOwner(db(), { email, password: PASSWORD });
    // Right passwords give their point back: many sign-ins from one address never lock it.
    for (let i = 0; i < 6; i++) await signInOwner(db(), { email, password: PASSWORD }, { ip });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () => signInOwner(db(), { email, password: "guess" }, { ip })),
    );
    await setOwner(db(), { email: "owner@agency.example", password: PASSWORD });
    const codes = outcomes.map((outcome) => (outcome.status === "rejected" ? (outcome.reason as AppError).code : "ok"));
    expect(codes.filter((code) => code === "unauthorized")).toHaveLength(5);
    expect(codes.filter((code) => code === "rate_limited")).toHaveLength(15);
  });

  it("counts wrong current passwords at a password change like wrong sign-ins", async () => {
    const email = `changer-${randomInt(1e9)}@agency.example`;
    await setOwner(db(), { email, password: PASSWORD });
    const ip = newIp();
    for (let i = 0; i < 5; i++) {
      await expect(
        changeOwnerPassword(db(), { currentPassword: "guess", newPassword: "n".repeat(12) }, { ip }),
      ).rejects.toMatchObject({ code: "unauthorized" });
    }
    await expect(
      changeOwnerPassword(db(), { currentPassword: PASSWORD, newPassword: "n".repeat(12) }, { ip: newIp() }),
    ).rejects.toMatchObject({ code: "rate_limited" });
    await setOwner(db(), { email: "owner@agency.example", password: PASSWORD });
  });
});

describe("ending sessions", () => {
  it("signing out ends that session for good, a copy of it too, and no other", async () => {
    await setOwner(db(), { email: "owner@agency.example", password: PASSWORD });
    const sign = () => signInOwner(db(), { email: "owner@agency.example", password: PASSWORD }, { ip: newIp() });
    const [leaving, staying] = await Promise.all([sign(), sign()]);
    await signOutOwner(db(), leaving.token, { ip: "192.0.2.9" });
    await signOutOwner(db(), leaving.token);
    expect(await findOwnerSession(db(), leaving.token)).toBeNull();
    expect(await findOwnerSession(db(), staying.token)).not.toBeNull();
    // Nothing to end for a token that is not a session of ours.
    await signOutOwner(db(), "forged.token.value");
    await signOutOwner(db(), undefined);
    const lines = await auditLines("auth.sign_out");
    expect(lines.at(-1)).toMatchObject({ actor: "session", outcome: "succeeded" });
  });

  it("a password change ends every other session and keeps the changer's", async () => {
    await setOwner(db(), { email: "owner@agency.example", password: PASSWORD });
    const other = await signInOwner(db(), { email: "owner@agency.example", password: PASSWORD }, { ip: newIp() });
    await expect(
      changeOwnerPassword(db(), { currentPassword: "wrong", newPassword: "a brand new password" }),
    ).rejects.toMatchObject({ code: "unauthorized", field: "currentPassword" });
    const mine = await changeOwnerPassword(db(), { currentPassword: PASSWORD, newPassword: "a brand new password" });
    expect(await findOwnerSession(db(), other.token)).toBeNull();
    expect(await findOwnerSession(db(), mine.token)).not.toBeNull();
    await expect(
      signInOwner(db(), { email: "owner@agency.example", password: "a brand new password" }, { ip: newIp() }),
    ).resolves.toBeTruthy();
  });

  it("sign out everywhere and a reset from the terminal end every session", async () => {
    await setOwner(db(), { email: "owner@agency.example", password: PASSWORD });
    const first = await signInOwner(db(), { email: "owner@agency.example", password: PASSWORD }, { ip: newIp() });
    await endOwnerSessions(db());
    expect(await findOwnerSession(db(), first.token)).toBeNull();
    const second = await signInOwner(db(), { email: "owner@agency.example", password: PASSWORD }, { ip: newIp() });
    await setOwner(db(), { email: "owner@agency.example", password: "reset from the terminal" });
    expect(await findOwnerSession(db(), second.token)).toBeNull();
    expect((await auditLines("auth.set_owner")).at(-1)).toMatchObject({ actor: "cli", outcome: "succeeded" });
  });
});

describe("the owner's record", () => {
  it("is append-only: no row can be changed or removed", async () => {
    await setOwner(db(), { email: "owner@agency.example", password: PASSWORD });
    const refusal = (statement: Promise<unknown>) =>
      statement.then(
        () => "changed",
        (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
      );
    expect(await refusal(db().execute(sql`update audit_events set action = 'nothing'`))).toMatch(/append-only/);
    expect(await refusal(db().execute(sql`delete from audit_events`))).toMatch(/append-only/);
    expect(await refusal(db().execute(sql`truncate audit_events`))).toMatch(/append-only/);
    expect((await db().select().from(auditEvents)).length).toBeGreaterThan(0);
  });
});

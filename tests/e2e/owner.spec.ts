/**
 * The owner's door, in the browser: first-run setup, sign-in and sign-out, the console's lock,
 * sessions ended by a password change, two-factor, API keys by scope, cross-site refusals, the
 * sign-in limit, and the owner's record of all of it. One owner per server, so the steps run in order.
 */
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { SignJWT } from "jose";
import { TOTP } from "otpauth";
import { newSetupToken } from "@/tests/e2e/support/run-cc";

test.describe.configure({ mode: "serial" });

const EMAIL = "owner@agency.example";
let password = "a long first-run passphrase";
// The owner's own browser, signed in from setup to the end: it reads the record at the end.
let owner: BrowserContext;

async function signIn(page: Page, options: { next?: string; code?: string; pass?: string } = {}): Promise<void> {
  await page.goto(options.next === undefined ? "/login" : `/login?next=${encodeURIComponent(options.next)}`);
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password").fill(options.pass ?? password);
  await page.getByRole("button", { name: "Sign in" }).click();
  if (options.code !== undefined) {
    await page.getByLabel("Two-factor code").fill(options.code);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
}

async function signedInContext(browser: Browser, code?: string): Promise<BrowserContext> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, { code });
  await expect(page).toHaveURL(/\/dashboard$/);
  return context;
}

function serverSecret(): string {
  const info = JSON.parse(fs.readFileSync(process.env.E2E_SERVER_INFO!, "utf8")) as { DATA_DIR: string };
  return (JSON.parse(fs.readFileSync(path.join(info.DATA_DIR, "secrets.json"), "utf8")) as { SESSION_SECRET: string })
    .SESSION_SECRET;
}

/** A session token as the app signs one, with the claims and times given. */
function sessionToken(
  secret: string,
  times: { iat: number; exp: number },
  claims: { sub: string; ver: number; sid: string; auth?: number } = {
    sub: "00000000-0000-4000-8000-000000000000",
    ver: 1,
    sid: "s",
  },
): Promise<string> {
  return new SignJWT({ role: "owner", ver: claims.ver, sid: claims.sid, auth: claims.auth ?? times.iat })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer("agencyos")
    .setAudience("agencyos:dashboard")
    .setIssuedAt(times.iat)
    .setExpirationTime(times.exp)
    .sign(new TextEncoder().encode(secret));
}

test.afterAll(async () => {
  await owner?.close();
});

test("first-run setup needs a valid token, and sets up the owner once", async ({ browser }) => {
  owner = await browser.newContext();
  const page = await owner.newPage();
  await page.goto("/login");
  await expect(page.getByTestId("no-owner")).toBeVisible();

  await page.goto("/setup");
  await page.getByLabel("Setup token").fill("not-a-real-token");
  await page.getByLabel("Your email").fill(EMAIL);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create the owner and sign in" }).click();
  await expect(page.getByTestId("setup-error")).toContainText("not valid");
  await expect(page.getByLabel("Setup token")).toHaveAttribute("aria-invalid", "true");

  const token = await newSetupToken();
  await page.goto(`/setup?token=${token}`);
  await expect(page.getByLabel("Setup token")).toHaveValue(token);
  await page.getByLabel("Your email").fill(EMAIL);
  await page.getByLabel("Password").fill("too short");
  // The browser holds a short password back; the server refuses it too (the door's own tests).
  expect(await page.getByLabel("Password").evaluate((input: HTMLInputElement) => input.validity.tooShort)).toBe(true);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create the owner and sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(EMAIL);
  await expect(page.getByTestId("overview-empty")).toBeVisible();
  await page.close();

  // The token is used up, and with an owner the page offers no second setup.
  const stranger = await browser.newPage();
  await stranger.goto(`/setup?token=${token}`);
  await expect(stranger.getByTestId("already-set-up")).toBeVisible();
  await expect(stranger.getByLabel("Setup token")).toHaveCount(0);
  await stranger.close();
});

test("the console sends strangers to sign in: no cookie, an expired or forged one", async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/dashboard/settings?tab=keys");
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard%2Fsettings%3Ftab%3Dkeys$/);

  const now = Math.floor(Date.now() / 1000);
  const expired = await sessionToken(serverSecret(), { iat: now - 13 * 3600, exp: now - 3600 });
  const forged = await sessionToken("not the server's secret, but long enough", { iat: now, exp: now + 3600 });
  for (const value of [expired, forged, "not-even-a-jwt"]) {
    await context.clearCookies();
    await context.addCookies([{ name: "agy_session", value, url: baseURL! }]);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
    // The refused cookie is cleared.
    expect((await context.cookies()).find((cookie) => cookie.name === "agy_session")).toBeUndefined();
  }
  await context.close();
});

test("a session in use is signed again, so it lasts 12 hours from the last use", async ({ browser, baseURL }) => {
  const current = (await owner.cookies()).find((cookie) => cookie.name === "agy_session")!;
  const claims = JSON.parse(Buffer.from(current.value.split(".")[1]!, "base64url").toString()) as {
    sub: string;
    ver: number;
    sid: string;
    auth: number;
  };
  const now = Math.floor(Date.now() / 1000);
  // Signed 11 hours ago by the server's own secret: one hour left, and in use now.
  const old = await sessionToken(serverSecret(), { iat: now - 11 * 3600, exp: now + 3600 }, claims);
  const context = await browser.newContext();
  await context.addCookies([{ name: "agy_session", value: old, url: baseURL! }]);
  const page = await context.newPage();
  await page.goto("/dashboard");
  await expect(page.getByTestId("signed-in-as")).toHaveText(EMAIL);
  const renewed = (await context.cookies()).find((cookie) => cookie.name === "agy_session")!;
  expect(renewed.value).not.toBe(old);
  expect(renewed.expires - now).toBeGreaterThan(11.9 * 3600);
  await context.close();
});

test("the sign-in, setup and console pages have no serious accessibility faults", async ({ browser }) => {
  const stranger = await browser.newContext();
  for (const [context, path] of [
    [stranger, "/login"],
    [stranger, "/setup"],
    [owner, "/dashboard"],
    [owner, "/dashboard/settings"],
    [owner, "/dashboard/audit"],
  ] as const) {
    const page = await context.newPage();
    await page.goto(path);
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    await page.close();
  }
  await stranger.close();
});

test("signing in goes where the owner was going, never off the site; signing out ends it", async ({ page }) => {
  for (const next of ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"]) {
    await page.context().clearCookies();
    await signIn(page, { next });
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/dashboard$/);
  }
  await page.context().clearCookies();
  await signIn(page, { next: "/dashboard/audit" });
  await expect(page).toHaveURL(/\/dashboard\/audit$/);
  const cookie = (await page.context().cookies()).find((c) => c.name === "agy_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  expect(cookie!.expires - Date.now() / 1000).toBeGreaterThan(11.9 * 3600);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
  // A copy of the cookie taken before signing out opens nothing: the session itself has ended.
  await page.context().addCookies([{ ...cookie!, expires: Math.floor(cookie!.expires) }]);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
});

test("a password change ends every other browser's session, not this one", async ({ browser }) => {
  const other = await signedInContext(browser);
  const page = await owner.newPage();
  await page.goto("/dashboard/settings");
  await page.getByLabel("Current password").fill("not the password at all");
  await page.getByLabel("New password", { exact: true }).fill("a second long passphrase");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("change-password-message")).toHaveText("The current password is wrong.");

  await page.getByLabel("Current password").fill(password);
  password = "a second long passphrase";
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByTestId("change-password-message")).toContainText("Every other session has ended");

  // The other browser's cookie still carries a valid signature, but an old session version.
  const otherPage = await other.newPage();
  await otherPage.goto("/dashboard");
  await expect(otherPage).toHaveURL(/\/login/);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
  await page.close();
  await other.close();
});

test("two-factor: enrol with a QR code, sign in with a code, with a recovery code once", async ({ browser }) => {
  const page = await owner.newPage();
  await page.goto("/dashboard/settings");
  await expect(page.getByTestId("two-factor-state")).toContainText("off");
  await page.getByRole("button", { name: "Set up two-factor" }).click();
  await expect(page.getByRole("img", { name: "QR code to scan" }).locator("svg")).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!;
  const totp = new TOTP({ secret });
  await page.getByLabel("Code from the app").fill("000000" === totp.generate() ? "111111" : "000000");
  await page.getByRole("button", { name: "Turn two-factor on" }).click();
  await expect(page.getByTestId("two-factor-error")).toContainText("wrong");
  await page.getByLabel("Code from the app").fill(totp.generate());
  await page.getByRole("button", { name: "Turn two-factor on" }).click();
  await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  const codes = (await page.getByTestId("recovery-codes").locator("li").allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  await page.reload();
  await expect(page.getByTestId("two-factor-state")).toContainText("on");
  await expect(page.getByTestId("recovery-codes")).toHaveCount(0);

  // The code just used is spent; the next window's code (within the one step of drift allowed) is not.
  const withCode = await signedInContext(browser, totp.generate({ timestamp: Date.now() + 30_000 }));
  await withCode.close();

  const withRecovery = await signedInContext(browser, codes[0]);
  await withRecovery.close();
  const again = await browser.newPage();
  await signIn(again, { code: codes[0] });
  await expect(again.getByTestId("sign-in-error")).toHaveText("That code is wrong or was already used.");
  await again.close();

  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Turn two-factor off" }).click();
  await expect(page.getByTestId("two-factor-state")).toContainText("off");
  await page.close();
});

test("API keys: made once, a read key cannot refund, a revoked key opens nothing", async ({ request }) => {
  const page = await owner.newPage();
  await page.goto("/dashboard/settings");
  await expect(page.getByText("No API keys yet")).toBeVisible();
  const create = async (name: string, scope: "read" | "write") => {
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Scope").selectOption(scope);
    await page.getByRole("button", { name: "Create key" }).click();
    await expect(page.getByRole("status").filter({ hasText: name })).toBeVisible();
    return (await page.getByTestId("new-api-key").textContent())!.trim();
  };
  const readKey = await create("reporting", "read");
  expect(readKey).toMatch(/^agy_/);
  const read = { authorization: `Bearer ${readKey}` };
  expect((await request.get("/api/v1/payments/mismatches", { headers: read })).status()).toBe(200);
  const refund = await request.post("/api/v1/refunds", {
    headers: read,
    data: { transactionId: "00000000-0000-4000-8000-000000000000" },
  });
  expect(refund.status()).toBe(403);

  const writeKey = await create("deploy", "write");
  const write = { authorization: `Bearer ${writeKey}` };
  expect((await request.get("/api/v1/payments/mismatches", { headers: write })).status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId("api-key-row")).toHaveCount(2);
  await page.getByRole("button", { name: "Revoke deploy" }).click();
  await expect(page.getByTestId("api-key-row").filter({ hasText: "deploy" })).toContainText("revoked");
  const refused = await request.post("/api/v1/refunds", {
    headers: write,
    data: { transactionId: "00000000-0000-4000-8000-000000000000" },
  });
  expect(refused.status()).toBe(401);
  await page.close();
});

test("another site cannot act with the owner's cookie, nor sign anyone in", async () => {
  const page = await owner.newPage();
  await page.goto("/dashboard");
  const evil = { origin: "https://evil.example" };
  // A server action posted from another site's page.
  const action = await page.request.post("/dashboard/settings", {
    headers: { ...evil, "next-action": "0".repeat(42), "content-type": "text/plain;charset=UTF-8" },
    data: "[]",
  });
  expect(action.status()).toBe(403);
  const refund = await page.request.post("/api/v1/refunds", {
    headers: evil,
    data: { transactionId: "00000000-0000-4000-8000-000000000000" },
  });
  expect(refund.status()).toBe(403);
  const signInFromElsewhere = await page.request.post("/api/v1/auth/session", {
    headers: evil,
    data: { email: EMAIL, password },
  });
  expect(signInFromElsewhere.status()).toBe(403);
  await page.close();
});

test("wrong passwords are refused, then the sign-in is rate limited with when to retry", async ({ page, request }) => {
  await page.goto("/login");
  let attempts = 0;
  for (; attempts < 6; attempts += 1) {
    await page.getByLabel("Email").fill(EMAIL);
    await page.getByLabel("Password").fill(`wrong password ${attempts}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    const message = page.getByTestId("sign-in-error");
    await expect(message).toHaveText(/email or password is wrong|try again in/);
    if ((await message.textContent())!.includes("try again in")) break;
  }
  // Five failures in all (one spent on a reused recovery code earlier), then the limit.
  expect(attempts).toBeGreaterThanOrEqual(3);
  expect(attempts).toBeLessThanOrEqual(5);
  await expect(page.getByTestId("sign-in-error")).toHaveText(/Too many failed attempts; try again in 1[45] minutes\./);
  // Even the right password waits now, and the API says so in HTTP's own words.
  const limited = await request.post("/api/v1/auth/session", { data: { email: EMAIL, password } });
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(800);
});

test("the owner's record holds a line for each of these", async () => {
  const page = await owner.newPage();
  const lines: string[] = [];
  await page.goto("/dashboard/audit");
  for (;;) {
    for (const row of await page.getByTestId("audit-row").all())
      lines.push((await row.innerText()).replace(/\s+/g, " "));
    const older = page.getByRole("link", { name: "Older lines" });
    if ((await older.count()) === 0) break;
    await older.click();
  }
  const has = (pattern: RegExp) =>
    expect(
      lines.some((line) => pattern.test(line)),
      String(pattern),
    ).toBe(true);
  has(/auth\.setup failed/);
  has(/auth\.setup succeeded/);
  has(/auth\.sign_in succeeded/);
  has(/auth\.sign_in failed wrong_credentials/);
  has(/auth\.sign_in failed wrong_code/);
  has(/auth\.sign_in failed rate_limited/);
  has(/auth\.sign_out succeeded/);
  has(/auth\.change_password failed/);
  has(/auth\.change_password succeeded/);
  has(/auth\.two_factor\.enable failed/);
  has(/auth\.two_factor\.enable succeeded/);
  has(/auth\.two_factor\.disable succeeded/);
  has(/API key .* api_key\.create succeeded|Console api_key\.create succeeded/);
  has(/api_key\.revoke succeeded/);
  has(/API key .*payment\.refund failed/);
  has(/Not signed in agy_\S+ payment\.refund failed/);
  has(/Not signed in payment\.refund failed/);
  await page.close();
});

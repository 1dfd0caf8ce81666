import { expect, test } from "@playwright/test";

test("a buyer checks out through the simulated provider and lands on the order's page", async ({ page }) => {
  // The pages' Content Security Policy must allow everything this journey needs, and nothing break under it.
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/");
  await page.getByRole("link", { name: "Buy Care Plan" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Care Plan" })).toBeVisible();
  // No real provider is configured here: the simulated one is the only offer, and says what it is.
  await expect(page.getByRole("radio")).toHaveCount(1);
  await expect(page.getByRole("radio", { name: "Simulated payment (no money moves)" })).toBeChecked();

  await page.getByLabel("Email").fill("not-an-email@");
  await page.getByLabel("Site (optional)").fill("shop.example");
  await page.getByLabel("Email").evaluate((input: HTMLInputElement) => (input.type = "text")); // past the browser's own check
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page.getByTestId("checkout-error")).toHaveText(/^email: /);
  await expect(page.getByLabel("Site (optional)")).toHaveValue("shop.example"); // kept for the second try

  await page.getByLabel("Email").fill("buyer@example.com");
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page).toHaveURL(/\/simulated\/checkout\/[0-9a-f-]{36}$/);
  await expect(page.getByText("Simulated payment — no money moves")).toBeVisible();
  await expect(page.getByText("buyer@example.com")).toBeVisible();

  await page.getByRole("button", { name: "Approve payment" }).click();
  await expect(page).toHaveURL(/\/checkout\/success\?order=[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Care Plan" })).toBeVisible();

  // The worker provisions the payment; the page waits for it and shows the key once.
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid", { timeout: 30_000 });
  const key = page.getByTestId("license-key");
  await expect(key).toHaveText(/^AGY-[0-9A-HJKMNP-TV-Z]+-[0-9A-HJKMNP-TV-Z]+-[0-9A-HJKMNP-TV-Z]{10}$/);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: "Copy" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await key.textContent());

  await page.reload();
  await expect(page.getByTestId("license-shown")).toBeVisible();
  await expect(page.getByTestId("license-key")).toHaveCount(0);
  expect(violations).toEqual([]);
});

test("the checkout of an unknown product is a 404", async ({ page }) => {
  const response = await page.goto("/checkout/no-such-product");
  expect(response?.status()).toBe(404);
});

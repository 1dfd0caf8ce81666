import { expect, test } from "@playwright/test";

test("the home page shows the seeded catalog with prices in each currency's own format", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Products and services" })).toBeVisible();
  const cards = page.getByTestId("product-card");
  await expect(cards).toHaveCount(6);
  const carePlan = cards.filter({ hasText: "Care Plan" });
  await expect(carePlan.getByTestId("product-price")).toHaveText("$49.00/ month");
  await expect(cards.filter({ hasText: "SEO Audit (Vietnam)" }).getByTestId("product-price")).toHaveText("₫2,500,000");
  await expect(cards.filter({ hasText: "Agency Pro" })).toContainText("Subscription");
});

test("/api/health tells anyone it is up, and the owner how it is set up", async ({ request }) => {
  const anonymous = await request.get("/api/health");
  expect(anonymous.status()).toBe(200);
  expect(await anonymous.json()).toEqual({ status: "ok", database: { reachable: true }, queue: { reachable: true } });

  const response = await request.get("/api/health", {
    headers: { authorization: `Bearer ${process.env.E2E_OWNER_API_KEY}` },
  });
  expect(response.status()).toBe(200);
  const health = (await response.json()) as {
    database: { engine: string; reachable: boolean };
    queue: { mode: string };
  };
  expect(health.database.reachable).toBe(true);
  expect(health.database.engine).toBe(process.env.DATABASE_URL ? "postgresql" : "pglite");
  expect(health.queue.mode).toBe(process.env.REDIS_URL ? "bullmq" : "in-process");
});

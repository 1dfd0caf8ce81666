import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { products } from "@/db/schema";
import { listProducts, readCatalogFile, seedCatalog } from "@/services/catalog";
import { tempDir, setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const DEMO = "db/seed/demo-catalog.json";

afterEach(() => {
  delete process.env.STRIPE_PRICE_CARE_PLAN;
});

describe("seedCatalog", () => {
  it("loads the demo catalog with exact minor units, and is idempotent", async () => {
    const { db } = database.current.connection;
    expect(await seedCatalog(db, DEMO)).toBe(6);
    expect(await seedCatalog(db, DEMO)).toBe(6);
    const all = await listProducts({}, db);
    expect(all).toHaveLength(6);
    const bySlug = Object.fromEntries(all.map((p) => [p.slug, p]));
    expect(bySlug["care-plan"]).toMatchObject({
      priceMinor: 4900,
      currency: "USD",
      kind: "subscription",
      billingInterval: "month",
    });
    expect(bySlug["hosting-vn"]).toMatchObject({ priceMinor: 199000, currency: "VND" });
    expect(bySlug["seo-audit-vn"]).toMatchObject({ priceMinor: 2_500_000, kind: "one_time", billingInterval: null });
    expect(new Set(all.map((p) => p.kind))).toEqual(new Set(["one_time", "subscription"]));
  });

  it("takes provider ids from the environment variables the catalog names", async () => {
    const { db } = database.current.connection;
    process.env.STRIPE_PRICE_CARE_PLAN = "price_care_123";
    await seedCatalog(db, DEMO);
    const [carePlan] = await db.select().from(products).where(eq(products.slug, "care-plan"));
    expect(carePlan?.stripePriceId).toBe("price_care_123");
    expect(carePlan?.paypalPlanId).toBeNull();
  });

  it("updates existing products by slug and leaves others alone", async () => {
    const { db } = database.current.connection;
    await seedCatalog(db, DEMO);
    const file = path.join(tempDir(), "catalog.json");
    fs.writeFileSync(
      file,
      JSON.stringify({
        products: [
          {
            slug: "care-plan",
            name: "Care Plan+",
            kind: "subscription",
            billingInterval: "month",
            price: { amount: "59.00", currency: "USD" },
            providers: { paypalPlanId: "P-LITERAL" },
          },
        ],
      }),
    );
    expect(await seedCatalog(db, file)).toBe(1);
    const all = await listProducts({ includeInactive: true }, db);
    expect(all).toHaveLength(6);
    expect(all.find((p) => p.slug === "care-plan")).toMatchObject({
      name: "Care Plan+",
      priceMinor: 5900,
      paypalPlanId: "P-LITERAL",
    });
  });

  it("lists only active products unless asked", async () => {
    const { db } = database.current.connection;
    await seedCatalog(db, DEMO);
    await db.update(products).set({ active: false }).where(eq(products.slug, "wp-toolkit"));
    expect((await listProducts({}, db)).map((p) => p.slug)).not.toContain("wp-toolkit");
    expect((await listProducts({ includeInactive: true }, db)).map((p) => p.slug)).toContain("wp-toolkit");
  });
});

describe("readCatalogFile", () => {
  it("names the file and the field at fault", () => {
    expect(() => readCatalogFile("tests/fixtures/catalog/bad-interval.json")).toThrowError(
      expect.objectContaining({
        field: "products.0.billingInterval",
        userMessage: expect.stringMatching(
          /bad-interval\.json: products\.0\.billingInterval: is required for subscriptions/,
        ),
      }),
    );
    expect(() => readCatalogFile("tests/fixtures/catalog/float-price.json")).toThrowError(
      expect.objectContaining({ field: "products.0.price.amount" }),
    );
  });

  it("names the amount that has more decimals than its currency, or is too large", () => {
    expect(() => readCatalogFile("tests/fixtures/catalog/too-many-decimals.json")).toThrowError(
      expect.objectContaining({
        field: "products.1.price.amount",
        userMessage: expect.stringMatching(/products\.1\.price\.amount: USD takes at most 2 decimal places/),
      }),
    );
  });

  it("says when the file cannot be read", () => {
    expect(() => readCatalogFile("tests/fixtures/catalog/missing.json")).toThrowError(
      expect.objectContaining({
        field: "CATALOG_FILE",
        userMessage: expect.stringMatching(/Cannot read catalog file/),
      }),
    );
  });
});

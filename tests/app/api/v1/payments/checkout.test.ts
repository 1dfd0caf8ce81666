import { afterEach, describe, expect, it } from "vitest";
import { POST as checkout } from "@/app/api/v1/payments/checkout/route";
import { setProcessEnv } from "@/lib/env";
import { createProduct } from "@/tests/support/license-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
afterEach(() => setProcessEnv({ SIMULATED_PROVIDER: undefined }));

async function post(body: unknown) {
  const response = await checkout(
    new Request("http://localhost/api/v1/payments/checkout", {
      method: "POST",
      body: typeof body === "string" ? body : JSON.stringify(body),
      headers: { "content-type": "application/json" },
    }),
  );
  return {
    status: response.status,
    body: (await response.json()) as { error?: { code: string; message: string } } & Record<string, unknown>,
  };
}

describe("POST /api/v1/payments/checkout", () => {
  it("answers 201 with the order and the page to send the buyer to", async () => {
    const product = await createProduct(database.current.connection.db);
    const { status, body } = await post({
      productSlug: product.slug,
      provider: "simulated",
      email: "buyer@example.com",
    });
    expect(status).toBe(201);
    expect(body).toEqual({
      orderId: expect.any(String),
      url: expect.stringContaining("/simulated/checkout/"),
      provider: "simulated",
      providerCheckoutId: expect.stringMatching(/^sim_cs_/),
    });
  });

  it("answers 422 naming the field for each bad input", async () => {
    const product = await createProduct(database.current.connection.db);
    const good = { productSlug: product.slug, provider: "stripe", email: "buyer@example.com" };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, email: "not-an-email" }, "email"],
      [{ ...good, provider: "bitcoin" }, "provider"],
      [{ ...good, productSlug: "" }, "productSlug"],
      [{ ...good, domain: "not a domain" }, "domain"],
      [{ ...good, currency: "XYZ" }, "currency"],
    ];
    for (const [body, field] of cases) {
      const answer = await post(body);
      expect(answer.status, field).toBe(422);
      expect(answer.body.error).toMatchObject({
        code: "validation_failed",
        message: expect.stringMatching(new RegExp(`^${field}:`)),
      });
    }
    expect((await post("{not json")).status).toBe(400);
  });

  it("answers 404 for an unknown product and 422 naming what is offered for a provider that is not", async () => {
    expect((await post({ productSlug: "nope", provider: "stripe", email: "a@example.com" })).status).toBe(404);
    const product = await createProduct(database.current.connection.db);
    const answer = await post({ productSlug: product.slug, provider: "paypal", email: "a@example.com" });
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({ field: "provider", message: expect.stringMatching(/choose simulated$/) });
    setProcessEnv({ SIMULATED_PROVIDER: "false" });
    const none = await post({ productSlug: product.slug, provider: "simulated", email: "a@example.com" });
    expect(none.body.error).toMatchObject({ field: "provider", message: expect.stringMatching(/cannot be bought/) });
  });
});

import { describe, expect, it } from "vitest";
import { POST as resolve } from "@/app/api/v1/payments/mismatches/[id]/resolve/route";
import { GET as list } from "@/app/api/v1/payments/mismatches/route";
import { processWebhookEvent } from "@/services/webhook/process-webhook-event";
import { setupPaymentScenarios } from "@/tests/support/payment-scenarios";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
const OWNER_API_KEY = "owner-key-for-the-mismatch-routes-0123456789";
const { stripe: stripeScenario } = setupPaymentScenarios(db, { OWNER_API_KEY }).scenarios;

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { code: string; message: string; field?: string } };
}
const answer = async (response: Response): Promise<Answer> => ({
  status: response.status,
  body: (await response.json()) as Answer["body"],
});
const listing = async (query = "", key: string | null = OWNER_API_KEY) =>
  answer(
    await list(
      new Request(`http://localhost/api/v1/payments/mismatches${query}`, {
        headers: key ? { authorization: `Bearer ${key}` } : {},
      }),
    ),
  );
const resolving = async (id: string, body: unknown, key: string | null = OWNER_API_KEY) =>
  answer(
    await resolve(
      new Request(`http://localhost/api/v1/payments/mismatches/${id}/resolve`, {
        method: "POST",
        body: typeof body === "string" ? body : JSON.stringify(body),
        headers: { "content-type": "application/json", ...(key && { authorization: `Bearer ${key}` }) },
      }),
      { params: Promise.resolve({ id }) },
    ),
  );

async function held() {
  const orderId = await stripeScenario.order();
  const paid = await stripeScenario.pay(orderId, { amountMinor: 7_900, currency: "EUR" });
  expect(await processWebhookEvent(db(), paid.eventId)).toBe("held");
  const { body } = await listing();
  const found = (body.mismatches as { id: string; order: { id: string } }[]).find((m) => m.order.id === orderId);
  return found!.id;
}

describe("the owner's held payments", () => {
  it("are the owner's alone: no key, a wrong key, nothing listed or decided", async () => {
    const id = await held();
    expect((await listing("", null)).status).toBe(401);
    expect((await listing("", "wrong-key-wrong-key-wrong-key-wrong")).status).toBe(401);
    expect((await resolving(id, { resolution: "accept" }, null)).status).toBe(401);
    expect((await listing()).body.mismatches).toContainEqual(expect.objectContaining({ id, status: "open" }));
  });

  it("list with their reason, the money that moved and the order it named", async () => {
    const id = await held();
    const { status, body } = await listing("?status=open&limit=10");
    expect(status).toBe(200);
    expect(body.mismatches).toContainEqual(
      expect.objectContaining({
        id,
        reason: "currency_mismatch",
        detail: "currency_mismatch: paid 7900 EUR, order 4900 USD",
        payment: expect.objectContaining({ provider: "stripe", amountMinor: 7_900, currency: "EUR" }),
        order: expect.objectContaining({ amountMinor: 4_900, currency: "USD", status: "pending" }),
      }),
    );
    for (const [query, field] of [
      ["?status=lost", "status"],
      ["?limit=0", "limit"],
      ["?limit=many", "limit"],
      ["?limit=0x10", "limit"],
      ["?limit=501", "limit"],
    ]) {
      const refused = await listing(query);
      expect(refused, query).toMatchObject({ status: 422, body: { error: { code: "validation_failed", field } } });
    }
  });

  it("are decided once, with 4xx naming what is wrong otherwise", async () => {
    const id = await held();
    for (const [body, status, field] of [
      [{ resolution: "keep" }, 422, "resolution"],
      [{}, 422, "resolution"],
      [[], 422, "body"],
      ["{nope", 400, undefined],
    ] as const) {
      const refused = await resolving(id, body);
      expect(refused.status, JSON.stringify(body)).toBe(status);
      if (field) expect(refused.body.error?.field).toBe(field);
    }
    expect((await resolving("not-an-id", { resolution: "accept" })).body.error).toMatchObject({ field: "id" });
    expect((await resolving(crypto.randomUUID(), { resolution: "accept" })).status).toBe(404);
    const decided = await resolving(id, { resolution: "accept" });
    expect(decided).toMatchObject({ status: 200, body: { id, status: "accepted", order: { status: "paid" } } });
    expect(await resolving(id, { resolution: "refund" })).toMatchObject({
      status: 409,
      body: { error: { code: "refused" } },
    });
  });
});

import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET as orderStatus } from "@/app/api/v1/payments/orders/[id]/route";
import { revealOrderLicense } from "@/services/payment";
import { checkoutEvent, deliver, simulatedOrder } from "@/tests/support/provisioning-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;

describe("revealOrderLicense", () => {
  it("waits while the order is unpaid, then gives the key exactly once, even to two tabs at once", async () => {
    const order = await simulatedOrder(db());
    expect(await revealOrderLicense(order.orderId, { db: db() })).toEqual({ state: "waiting", orderStatus: "pending" });
    await deliver(db(), checkoutEvent(order));
    const answers = await Promise.all([
      revealOrderLicense(order.orderId, { db: db() }),
      revealOrderLicense(order.orderId, { db: db() }),
    ]);
    const revealed = answers.filter((answer) => answer?.state === "revealed");
    expect(revealed).toHaveLength(1);
    expect(revealed[0]).toMatchObject({ key: expect.stringMatching(/^AGY-/), expiresAt: expect.any(Date) });
    expect(answers.filter((answer) => answer?.state === "already_revealed")).toHaveLength(1);
    expect(await revealOrderLicense(order.orderId, { db: db() })).toEqual({ state: "already_revealed" });
  });

  it("says a declined order failed, and knows no unknown order", async () => {
    const order = await simulatedOrder(db());
    await deliver(db(), checkoutEvent(order, "declined"));
    expect(await revealOrderLicense(order.orderId, { db: db() })).toEqual({ state: "waiting", orderStatus: "failed" });
    expect(await revealOrderLicense(randomUUID(), { db: db() })).toBeNull();
  });
});

describe("GET /api/v1/payments/orders/:id", () => {
  const get = (id: string) =>
    orderStatus(new Request(`http://localhost/api/v1/payments/orders/${id}`), { params: Promise.resolve({ id }) });

  it("answers the order's status and never its key", async () => {
    const order = await simulatedOrder(db());
    await deliver(db(), checkoutEvent(order));
    const response = await get(order.orderId);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ orderId: order.orderId, status: "paid" });
    expect((await get("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await get("nope")).status).toBe(422);
  });
});

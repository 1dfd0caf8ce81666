import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { defineRoute } from "@/app/door";
import { AppError } from "@/lib/errors";
import { getLogger } from "@/lib/logger";

const request = (init: RequestInit & { id?: string } = {}) =>
  new Request("http://localhost/api/test", {
    ...init,
    headers: { "x-forwarded-for": "192.0.2.50", ...(init.id && { "x-request-id": init.id }), ...init.headers },
  });

describe("defineRoute", () => {
  it("logs a failure of ours once, with the request id the answer and its body carry", async () => {
    const logged = vi.spyOn(getLogger(), "error");
    const route = defineRoute({
      access: "public",
      handle: () => Promise.reject(new Error("connect ECONNREFUSED 10.0.0.5:5432 password=hunter2")),
    });
    const id = "0b3c9f0e-8d0a-4a57-a3b7-6b7f0e2b1c11";
    const response = await route(request({ id }));
    expect(response.status).toBe(500);
    expect(response.headers.get("x-request-id")).toBe(id);
    const body = (await response.json()) as { error: Record<string, string> };
    expect(body).toEqual({ error: { code: "internal", message: "Something went wrong on our side.", requestId: id } });
    expect(logged).toHaveBeenCalledTimes(1);
    expect(logged.mock.calls[0]?.[0]).toMatchObject({ requestId: id, status: 500, path: "/api/test" });
    logged.mockRestore();
  });

  it("does not log the caller's mistakes, and replaces a request id it did not give", async () => {
    const logged = vi.spyOn(getLogger(), "warn");
    const route = defineRoute({
      access: "public",
      body: z.object({ name: z.string().max(3) }),
      handle: ({ body }) => Promise.resolve(body),
    });
    const response = await route(
      request({
        method: "POST",
        body: '{"name":"long"}',
        id: "not-ours-1234",
        headers: { "content-type": "application/json" },
      }),
    );
    expect(response.status).toBe(422);
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(await response.json()).toMatchObject({ error: { field: "name" } });
    expect(logged).not.toHaveBeenCalled();
    logged.mockRestore();
  });

  it("answers what a handler returns as JSON with the door's status, or its own Response", async () => {
    const created = defineRoute({ access: "public", status: 201, handle: () => Promise.resolve({ ok: true }) });
    const answer = await created(request());
    expect([answer.status, await answer.json()]).toEqual([201, { ok: true }]);
    const redirect = defineRoute({
      access: "public",
      handle: () => Promise.resolve(Response.redirect("http://x/", 303)),
    });
    const moved = await redirect(request());
    expect([moved.status, moved.headers.get("location")]).toEqual([303, "http://x/"]);
    expect(moved.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("logs a provider or service outage as a warning, once", async () => {
    const logged = vi.spyOn(getLogger(), "warn");
    const route = defineRoute({
      access: "public",
      handle: () => Promise.reject(new AppError("service_unavailable", "database down")),
    });
    expect((await route(request())).status).toBe(503);
    expect(logged).toHaveBeenCalledTimes(1);
    logged.mockRestore();
  });
});

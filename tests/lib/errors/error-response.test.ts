import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, ERROR_STATUS, errorResponse, parseInput, toErrorBody } from "@/lib/errors";

describe("error responses", () => {
  it("maps each code to its status in one table", () => {
    expect(ERROR_STATUS.validation_failed).toBe(422);
    expect(ERROR_STATUS.signature_invalid).toBe(400);
    expect(ERROR_STATUS.service_unavailable).toBe(503);
    const { status, body } = toErrorBody(new AppError("not_found", "product 42 missing in db"));
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: "not_found", message: "Not found." } });
  });

  it("sends the user message, never the internal one", () => {
    const error = new AppError("conflict", "unique violation on licenses_key_key", {
      userMessage: "That license is already active.",
    });
    expect(toErrorBody(error).body.error.message).toBe("That license is already active.");
  });

  it("tells the owner how to fix the setup, and anyone else only what they can do", () => {
    const error = new AppError("service_unavailable", "STRIPE_SECRET_KEY is not set", {
      userMessage: "Stripe payments are not available here.",
      ownerMessage: "Stripe payments are not configured: set STRIPE_SECRET_KEY.",
    });
    expect(toErrorBody(error).body.error.message).toBe("Stripe payments are not available here.");
    expect(toErrorBody(error, "owner").body.error.message).toBe(
      "Stripe payments are not configured: set STRIPE_SECRET_KEY.",
    );
    // Without an owner's version, the owner reads what anyone reads.
    expect(toErrorBody(new AppError("not_found", "x"), "owner").body.error.message).toBe("Not found.");
  });

  it("turns schema failures into 422 naming the field", () => {
    const schema = z.object({ customer: z.object({ email: z.email() }) });
    const thrown = (() => {
      try {
        parseInput(schema, { customer: { email: "not-an-email" } });
      } catch (error) {
        return error;
      }
    })();
    const { status, body } = toErrorBody(thrown);
    expect(status).toBe(422);
    expect(body.error.code).toBe("validation_failed");
    expect(body.error.field).toBe("customer.email");
    expect(body.error.message).toMatch(/^customer\.email: /);
    expect(toErrorBody(schema.safeParse({}).error).body.error.field).toBe("customer");
  });

  it("hides unknown errors behind a generic 500", async () => {
    const response = errorResponse(new Error("connect ECONNREFUSED 10.0.0.5:5432 password=hunter2"));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "internal", message: "Something went wrong on our side." } });
    expect(text).not.toContain("hunter2");
    expect(toErrorBody("a string was thrown").status).toBe(500);
  });
});

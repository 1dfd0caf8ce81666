import { describe, expect, it } from "vitest";
import type { Provider } from "@/db/schema";
import { findStorageRefusal } from "@/services/webhook/find-storage-refusal";

const event = (fields: { id?: string; type?: string } = {}) => ({
  providerEventId: fields.id ?? "evt_1",
  type: fields.type ?? "invoice.paid",
  environment: "test" as const,
});
const refusal = (field: string, reason: RegExp) =>
  expect.objectContaining({ code: "validation_failed", field, userMessage: expect.stringMatching(reason) });

describe("findStorageRefusal", () => {
  it.each([
    ["an ordinary event", event(), '{"id":"evt_1"}'],
    ["ids and types of 255 characters", event({ id: "i".repeat(255), type: "t".repeat(255) }), "{}"],
    ["letters beyond ASCII, and emoji (surrogate pairs)", event({ id: "évt_日本_😀", type: "paid.😀" }), "{}"],
    ["an escaped backslash before u0000, which is no NUL", event(), '{"note":"C:\\\\u0000"}'],
    ["%00 in a JSON body, which is text, not an escape", event(), '{"url":"https://x.test/?q=%00"}'],
  ])("holds %s", (_name, verified, body) => {
    expect(findStorageRefusal("stripe", verified, body)).toBeNull();
  });

  it.each([
    ["id", "longer than 255", event({ id: "x".repeat(10_000) })],
    ["id", "longer than 255", event({ id: "x".repeat(256) })],
    ["id", "empty", event({ id: "" })],
    ["id", "control characters", event({ id: "evt_\u0000" })],
    ["id", "not valid Unicode", event({ id: "evt_\ud800" })],
    ["type", "control characters", event({ type: "invoice.\u0000paid" })],
    ["type", "control characters", event({ type: "invoice\npaid" })],
    ["type", "control characters", event({ type: "invoice\u007fpaid" })],
    ["type", "control characters", event({ type: "invoice\u0085paid" })],
    ["type", "longer than 255", event({ type: "t".repeat(1_000_000) })],
    ["type", "not valid Unicode", event({ type: "paid\udc00" })],
  ])("refuses a %s that is %s", (field, reason, verified) => {
    expect(findStorageRefusal("paypal", verified, "{}")).toEqual(refusal(field, new RegExp(`^${field}: .*${reason}`)));
  });

  it("names the fault, never the value", () => {
    const found = findStorageRefusal("stripe", event({ id: `secret${"x".repeat(300)}` }), "{}");
    expect(found?.userMessage).toBe("id: is longer than 255 characters");
    expect(found?.message).not.toContain("secret");
  });

  it.each<[string, Provider, string]>([
    ["a raw NUL", "stripe", '{"a":"\u0000"}'],
    ["a raw NUL in a form", "gumroad", "a=\u0000"],
    ["a \\u0000 escape", "paypal", '{"a":"x\\u0000"}'],
    ["a \\u0000 escape after an escaped backslash", "simulated", '{"a":"\\\\\\u0000"}'],
    ["a %00 escape in a form", "gumroad", "seller_id=1&email=a%00b"],
  ])("refuses a payload holding %s", (_name, provider, body) => {
    expect(findStorageRefusal(provider, event(), body)).toEqual(refusal("payload", /^payload: contains a NUL/));
  });
});

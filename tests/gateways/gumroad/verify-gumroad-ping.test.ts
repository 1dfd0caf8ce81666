import { createHash } from "node:crypto";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { verifyGumroadPing } from "@/gateways/gumroad/verify-gumroad-ping";

const config = { pingToken: "gumroad-ping-token-gumroad-ping-token", sellerId: "seller-abc==" };
const body = fs.readFileSync("tests/fixtures/gumroad/sale.form", "utf8");

describe("verifyGumroadPing", () => {
  it("accepts the configured token and seller; the body's hash identifies the delivery", () => {
    expect(verifyGumroadPing(body, config.pingToken, config)).toEqual({
      providerEventId: createHash("sha256").update(body).digest("hex"),
      type: "sale",
      environment: "test",
    });
  });

  it("reads the resource name and live sales", () => {
    const refund = body.replace("test=true", "resource_name=refund");
    expect(verifyGumroadPing(refund, config.pingToken, config)).toMatchObject({ type: "refund", environment: "live" });
  });

  it.each([
    ["missing", null],
    ["wrong", "gumroad-ping-token-gumroad-ping-tokeX"],
    ["a prefix of the right one", "gumroad-ping"],
  ])("refuses a token that is %s with 401", (_name, token) => {
    expect(() => verifyGumroadPing(body, token, config)).toThrow(expect.objectContaining({ code: "unauthorized" }));
  });

  it("refuses a ping for another seller", () => {
    const other = body.replace("seller-abc", "seller-xyz");
    expect(() => verifyGumroadPing(other, config.pingToken, config)).toThrow(/another seller/);
    expect(() => verifyGumroadPing("sale_id=1", config.pingToken, config)).toThrow(/another seller/);
  });

  it("takes a membership's ping, which names no seller, on the token alone; one naming another seller is refused", () => {
    const cancellation = fs.readFileSync("tests/fixtures/gumroad/cancellation.form", "utf8");
    expect(verifyGumroadPing(cancellation, config.pingToken, config)).toMatchObject({ type: "cancellation" });
    expect(() => verifyGumroadPing(cancellation, "wrong-token", config)).toThrow(/token/);
    expect(() => verifyGumroadPing(`${cancellation}&seller_id=seller-xyz`, config.pingToken, config)).toThrow(
      /another seller/,
    );
  });
});

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

  it.each([
    ["empty", ""],
    ["of a megabyte", "t".repeat(1_000_000)],
    ["with a NUL", `${config.pingToken}\u0000`],
    ["with blanks around it", ` ${config.pingToken} `],
  ])("refuses a token that is %s with 401", (_name, token) => {
    expect(() => verifyGumroadPing(body, token, config)).toThrow(expect.objectContaining({ code: "unauthorized" }));
  });

  it.each([
    ["malformed percent escapes", `seller_id=${config.sellerId}&resource_name=%E0%A4%A&email=%zz`],
    ["a megabyte of fields", `seller_id=${config.sellerId}&${"a=b&".repeat(250_000)}`],
    ["no fields but the seller", `seller_id=${config.sellerId}`],
    ["a bare &", `&&seller_id=${config.sellerId}&&`],
  ])("reads a body with %s without failing", (_name, form) => {
    expect(verifyGumroadPing(form, config.pingToken, config)).toMatchObject({ environment: "live" });
  });

  it.each([
    ["an unreadable body", "%%%"],
    ["a seller id twice, the first another's", `seller_id=seller-xyz&seller_id=${config.sellerId}`],
  ])("refuses a ping with %s with 401", (_name, form) => {
    expect(() => verifyGumroadPing(form, config.pingToken, config)).toThrow(
      expect.objectContaining({ code: "unauthorized" }),
    );
  });
});

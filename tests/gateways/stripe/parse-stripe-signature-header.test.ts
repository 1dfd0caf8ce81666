import { describe, expect, it } from "vitest";
import { parseStripeSignatureHeader } from "@/gateways/stripe/parse-stripe-signature-header";

// Each expectation is what stripe-node's own `parseHeader` answers for the header.
describe("parseStripeSignatureHeader", () => {
  it.each([
    ["t=1700000000,v1=abc", 1700000000, ["abc"]],
    ["t=1,v1=a,v1=b,v0=c,v2=d", 1, ["a", "b"]],
    ["t=1,t=2,v1=a", 2, ["a"]],
    ["v1=a,t=5", 5, ["a"]],
    ["t= 42,v1=a", 42, ["a"]],
    ["t=42abc,v1=a", 42, ["a"]],
    ["t=42=43,v1=a=b", 42, ["a"]],
    [" t=42, v1=a", -1, []],
    ["T=42,V1=a", -1, []],
    ["v1=a", -1, ["a"]],
    ["t=42", 42, []],
    ["t=42,v1", 42, [undefined]],
    ["t=42,v1=", 42, [""]],
    ["", -1, []],
  ])("reads %j", (header, timestamp, signatures) => {
    expect(parseStripeSignatureHeader(header)).toEqual({ timestamp, signatures });
  });

  it.each(["t=,v1=a", "t,v1=a", "t=abc,v1=a", "t=-,v1=a"])("reads the timestamp of %j as NaN", (header) => {
    expect(parseStripeSignatureHeader(header).timestamp).toBeNaN();
  });
});

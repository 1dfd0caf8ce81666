import { describe, expect, it } from "vitest";
import { findMalformedActionCall } from "@/lib/http";

const text = (body: string) => ({ text: body, fields: new Map<string, string>() });
const form = (fields: Record<string, string>) => ({ text: null, fields: new Map(Object.entries(fields)) });

describe("findMalformedActionCall", () => {
  it("passes what the app's own pages send", () => {
    expect(findMalformedActionCall(text('["2d7e0b8e-6a4c-4bdb-9d76-3d4c1f1a0c55"]'), true)).toBeNull();
    expect(
      findMalformedActionCall(text('["$$dollar", "$undefined", "$NaN", "$-0", "$D2026-01-01", "$n12"]'), true),
    ).toBeNull();
    // useActionState's call as the checkout page makes it: the previous state and the form.
    const checkout = form({
      _1_$ACTION_REF_1: "",
      "_1_$ACTION_1:0": '{"id":"7f86","bound":"$@1"}',
      "_1_$ACTION_1:1": "[{}]",
      _1_email: "buyer@example.com",
      "0": '[{"error":"email: must be an email address","values":{"email":"x","domain":"$undefined"}},"$K1"]',
    });
    expect(findMalformedActionCall(checkout, true)).toBeNull();
  });

  it("refuses a body that is not an argument list", () => {
    for (const body of ["garbage{{", '"x"', "{}", "[", ""]) {
      expect(findMalformedActionCall(text(body), true), body).toMatch(/not a list/);
    }
    expect(findMalformedActionCall(form({ x: "1" }), true)).toMatch(/not a list/);
  });

  it("refuses references to parts the body does not hold, and tags the pages never send", () => {
    for (const body of [
      '["$@5"]',
      '["$Q1"]',
      '["$W1"]',
      '["$F1"]',
      '["$h1"]',
      '["$T"]',
      '["$B1"]',
      '["$Z"]',
      '["$1:a"]',
      '["$i"]',
      '["$S1"]',
      '["$n1x"]',
    ]) {
      expect(findMalformedActionCall(text(body), true), body).toMatch(/refer to parts/);
    }
    // A text call holds no form to refer to; a multipart one may send a form without fields (a lone button).
    expect(findMalformedActionCall(text('["$K1"]'), true)).toMatch(/refer to parts/);
    expect(findMalformedActionCall(form({ "0": '["$K1"]' }), true)).toBeNull();
    // A reference to another part, even one that is there: React's decoder throws on some ("Invalid forward
    // reference"), and following them would let a small body fan out into unbounded work.
    expect(findMalformedActionCall(form({ "0": '["$1"]', "1": "[]" }), true)).toMatch(/refer to parts/);
    expect(findMalformedActionCall(form({ "0": '["$1","$1"]', "1": '["$2","$2"]', "2": "[]" }), true)).toMatch(
      /refer to parts/,
    );
  });

  it("refuses a call past the limits React and Next throw at", () => {
    expect(findMalformedActionCall(text(JSON.stringify([`$n${"9".repeat(300)}`])), true)).toBeNull();
    expect(findMalformedActionCall(text(JSON.stringify([`$n${"9".repeat(301)}`])), true)).toMatch(/refer to parts/);
    expect(findMalformedActionCall(text(JSON.stringify(Array(1000).fill(0))), true)).toBeNull();
    expect(findMalformedActionCall(text(JSON.stringify(Array(1001).fill(0))), true)).toMatch(/too many/);
    // An array's slots and its strings' lengths count together, up to a million.
    expect(findMalformedActionCall(text(JSON.stringify([["a".repeat(999_990), "b"]])), true)).toBeNull();
    expect(findMalformedActionCall(text(JSON.stringify([["a".repeat(1_000_100), "b"]])), true)).toMatch(/too many/);
    // An object's values start a count of their own.
    expect(
      findMalformedActionCall(text(JSON.stringify([{ a: "x".repeat(999_000) }, { b: "y".repeat(999_000) }])), true),
    ).toBeNull();
  });

  it("checks a form posted without script: its action and bound arguments must be there", () => {
    expect(findMalformedActionCall(form({ $ACTION_ID_7f86: "", email: "a@b.co" }), false)).toBeNull();
    const bound = { $ACTION_REF_1: "", "$ACTION_1:0": '{"id":"7f86","bound":"$@1"}', "$ACTION_1:1": "[{}]" };
    expect(findMalformedActionCall(form(bound), false)).toBeNull();
    expect(findMalformedActionCall(form({ ...bound, "$ACTION_1:0": '{"id":"7f86","bound":null}' }), false)).toBeNull();
    expect(findMalformedActionCall(form({ ...bound, "$ACTION_1:0": "junk" }), false)).toMatch(/names no action/);
    expect(findMalformedActionCall(form({ ...bound, "$ACTION_1:0": '{"id":"7f86","bound":"$@9"}' }), false)).toMatch(
      /arguments are not there/,
    );
    expect(findMalformedActionCall(form({ ...bound, "$ACTION_1:1": '["$Q1"]' }), false)).toMatch(
      /arguments are not there/,
    );
  });
});

import { describe, expect, it } from "vitest";
import { findMalformedPath } from "@/lib/http";

describe("findMalformedPath", () => {
  it("passes paths Next can decode, whatever their query", () => {
    for (const url of ["/", "/checkout/care-plan", "/api/v1/payments/orders/%41", "/caf%C3%A9?q=%ff%00"]) {
      expect(findMalformedPath(url), url).toBeNull();
    }
  });

  it("names what is wrong with a path that is not valid percent-encoding or decodes to control characters", () => {
    for (const url of ["/checkout/%ff", "/api/v1/payments/orders/%ff%fe", "/x/%c0%80", "/x/%", "/x/%zz"]) {
      expect(findMalformedPath(url), url).toBe("The address is not valid percent-encoding.");
    }
    for (const url of ["/checkout/%00", "/a%0Ab", "/%7f", "/%c2%85", "/%ed%a0%80"]) {
      expect(findMalformedPath(url), url).toMatch(/control characters|percent-encoding/);
    }
  });
});

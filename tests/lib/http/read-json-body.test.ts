import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readJsonBody } from "@/lib/http";

const Schema = z.object({ key: z.string() });

function request(body: BodyInit, headers: Record<string, string> = {}) {
  return new Request("http://localhost/", {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
    duplex: "half",
  } as RequestInit);
}

describe("readJsonBody", () => {
  it("returns the validated object", async () => {
    expect(await readJsonBody(request('{"key":"AGY"}'), Schema)).toEqual({ key: "AGY" });
  });

  it("takes only a body declared JSON: 415 for any other type, so no site can send one from its visitors' browsers", async () => {
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data",
      "",
      "application/jsonx",
    ]) {
      await expect(
        readJsonBody(request('{"key":"AGY"}', { "content-type": type }), Schema),
        type,
      ).rejects.toMatchObject({
        code: "unsupported_media_type",
      });
    }
    for (const type of ["application/json; charset=utf-8", "Application/JSON", "application/merge-patch+json"]) {
      expect(await readJsonBody(request('{"key":"AGY"}', { "content-type": type }), Schema)).toEqual({ key: "AGY" });
    }
  });

  it("refuses bodies over 16 KiB, by header or by bytes read", async () => {
    await expect(readJsonBody(request("{}", { "content-length": "999999" }), Schema)).rejects.toMatchObject({
      code: "bad_request",
    });
    const big = JSON.stringify({ key: "é".repeat(9000) }); // under 16,384 characters, over 16 KiB of UTF-8
    expect(big.length).toBeLessThan(16 * 1024);
    const stream = new Blob([big]).stream();
    await expect(readJsonBody(request(stream), Schema)).rejects.toMatchObject({ code: "bad_request" });
  });

  it("names the body when it is not a JSON object, and the field when the shape is wrong", async () => {
    await expect(readJsonBody(request("[1]"), Schema)).rejects.toMatchObject({
      code: "validation_failed",
      field: "body",
    });
    await expect(readJsonBody(request("null"), Schema)).rejects.toMatchObject({ field: "body" });
    await expect(readJsonBody(request('{"key":1}'), Schema)).rejects.toMatchObject({ field: "key" });
    await expect(readJsonBody(request("{oops"), Schema)).rejects.toMatchObject({ code: "bad_request" });
  });
});

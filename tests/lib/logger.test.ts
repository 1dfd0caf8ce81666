import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, getLogger } from "@/lib/logger";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe("logger", () => {
  it("writes structured lines with context and drops secrets", () => {
    const { lines, stream } = capture();
    const log = createLogger("info", stream).child({ provider: "stripe", eventId: "evt_1" });
    log.info({ secret: "whsec_x", request: { headers: { authorization: "Bearer abc" } }, amountMinor: 4900 }, "stored");
    log.debug("too detailed for info");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ service: "agencyos", provider: "stripe", eventId: "evt_1", msg: "stored" });
    expect(lines[0]?.amountMinor).toBe(4900);
    expect(JSON.stringify(lines[0])).not.toMatch(/whsec_x|Bearer abc/);
  });

  it("follows LOG_LEVEL for the process logger", () => {
    expect(getLogger().level).toBe(process.env.LOG_LEVEL);
  });
});

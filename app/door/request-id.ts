import { randomUUID } from "node:crypto";

// What proxy.ts hands on; anything else (a client's own header that reached us some other way) is replaced.
const REQUEST_ID = /^[0-9a-f-]{36}$/;

/** The id proxy.ts gave this request, or a fresh one where it did not run (a call in-process). */
export function readRequestId(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

import { AsyncLocalStorage } from "node:async_hooks";
import { headers } from "next/headers";

const given = new AsyncLocalStorage<Headers>();

/**
 * Runs `work` as a server action call carrying these request headers: how a script or a test
 * calls an action outside a Next request (where `headers()` has nothing to read), through the
 * same door as the browser's call.
 */
export function runWithActionHeaders<T>(requestHeaders: Headers, work: () => Promise<T>): Promise<T> {
  return given.run(requestHeaders, work);
}

/** The headers of the request calling the action. */
export async function readActionHeaders(): Promise<Headers> {
  return given.getStore() ?? (await headers());
}

import type { Executor } from "@/db/client";
import { createSetupToken } from "@/services/auth/create-setup-token";
import { findOwnerAccount } from "@/services/auth/find-owner-account";

/** The page that takes a setup token, with the token in its address. */
export function setupUrl(token: string, appUrl: string): URL {
  const url = new URL("/setup", appUrl);
  url.searchParams.set("token", token);
  return url;
}

/**
 * At start, while no owner exists: a fresh setup token and the link that uses it, for the
 * instance's log (as a router prints its first-run password). Null once the owner is set up.
 */
export async function offerFirstRunSetup(db: Executor, appUrl: string): Promise<{ url: URL; expiresAt: Date } | null> {
  if (await findOwnerAccount(db)) return null;
  const { token, expiresAt } = await createSetupToken(db);
  return { url: setupUrl(token, appUrl), expiresAt };
}

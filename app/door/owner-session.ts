import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { OwnerAccount } from "@/db/schema";
import { SESSION_COOKIE, sessionCookieOptions } from "@/lib/auth";
import { getEnv } from "@/lib/env";
import { findOwnerSession, signOutOwner, type OwnerSession } from "@/services/auth";
import { getDb } from "@/services/setup";

/** The owner signed in to the browser asking, checked against the database (version included), or null. */
export async function findSignedInOwner(): Promise<OwnerAccount | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  return (await findOwnerSession(getDb(), token))?.owner ?? null;
}

/**
 * Every console page's own check, behind the proxy's: the session must still be the owner's
 * current one (a password change or "sign out everywhere" ends it even while its signature holds).
 * Sends anyone else to sign in, back to `path` afterwards.
 */
export async function requireOwnerPage(path: string): Promise<OwnerAccount> {
  const owner = await findSignedInOwner();
  if (!owner) redirect(`/login?next=${encodeURIComponent(path)}`);
  return owner;
}

/** Hands the browser its session: the cookie's options are the one place they are decided. */
export async function startBrowserSession(session: OwnerSession): Promise<void> {
  (await cookies()).set(
    SESSION_COOKIE,
    session.token,
    sessionCookieOptions(session.expiresAt, getEnv().APP_ENV === "production"),
  );
}

/** Signs this browser out: its session ends for good (a copy of the cookie too), and the cookie goes. */
export async function endBrowserSession(context: { ip: string }): Promise<void> {
  const jar = await cookies();
  await signOutOwner(getDb(), jar.get(SESSION_COOKIE)?.value, context);
  jar.delete(SESSION_COOKIE);
}

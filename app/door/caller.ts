import { SESSION_COOKIE } from "@/lib/auth/session-cookie";
import { AppError } from "@/lib/errors";
import { isSameOrigin } from "@/lib/http";
import { findOwnerByCredential, type OwnerIdentity } from "@/services/auth";

/** Who may knock: anyone, or the owner with a scope (`owner:read` lets a read-only key in). */
export type Access = "public" | "owner:read" | "owner:write";

export type OwnerCaller = { kind: "owner" } & OwnerIdentity;
export type Caller = { kind: "anonymous" } | OwnerCaller;

const ANONYMOUS: Caller = { kind: "anonymous" };

// The last of several cookies of one name, as Next's own `cookies()` and the proxy read them: every
// door must agree on which session a request carries.
function readCookie(headers: Headers, name: string): string | undefined {
  let found: string | undefined;
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) found = value.join("=");
  }
  return found;
}

/** The console session token a request carries in its cookie, if any. */
export function readSessionToken(headers: Headers): string | undefined {
  return readCookie(headers, SESSION_COOKIE);
}

/** The bearer credential of a request (the scheme's case does not matter, as HTTP says), if any. */
export function readBearer(headers: Headers): string | undefined {
  return /^Bearer +(\S{1,200})$/i.exec(headers.get("authorization") ?? "")?.[1];
}

/** The owner behind a request's credentials (bearer key or session cookie), or null. */
async function identifyOwner(headers: Headers): Promise<OwnerCaller | null> {
  const identity = await findOwnerByCredential({
    bearer: readBearer(headers),
    sessionToken: readSessionToken(headers),
  });
  return identity ? { kind: "owner", ...identity } : null;
}

/**
 * Who is knocking: the owner (by bearer key or session cookie) or anyone. A cookie rides along with
 * any request the browser makes, while an API key is sent on purpose; so a session acting from
 * another site's page (`crossSite`) is not taken as the owner.
 */
export async function identifyCaller(
  headers: Headers,
  options: { acts: boolean },
): Promise<{ caller: Caller; crossSite: boolean }> {
  const carriesCredentials = headers.has("authorization") || headers.has("cookie");
  const owner = carriesCredentials ? await identifyOwner(headers) : null;
  const crossSite = owner?.via === "session" && options.acts && !isSameOrigin(headers);
  return { caller: owner && !crossSite ? owner : ANONYMOUS, crossSite };
}

/**
 * Lets the caller through a door or throws `unauthorized` (no owner credentials, or wrong ones) or
 * `forbidden` (a read-only key at a door that acts, or a console session acting from another
 * site's page). A public door admits everyone and recognises the owner (who then gets owner
 * details and messages); wrong credentials there are simply anonymous.
 */
export function admitCaller(access: Access, { caller, crossSite }: { caller: Caller; crossSite: boolean }): void {
  if (access === "public") return;
  if (crossSite) {
    throw new AppError("forbidden", "A console session acting from another origin", {
      userMessage: "Owner actions are accepted only from this site's own pages.",
    });
  }
  if (caller.kind !== "owner") {
    throw new AppError("unauthorized", "No valid owner credentials", {
      userMessage: "Sign in, or send an API key: Authorization: Bearer <key>.",
    });
  }
  if (access === "owner:write" && caller.scope !== "write") {
    throw new AppError("forbidden", "A read-only API key at a door that acts", {
      userMessage: "This API key may only read: create one with the write scope to act.",
    });
  }
}

/** `identifyCaller` then `admitCaller`: the caller a door lets through. */
export async function authorizeCaller(access: Access, headers: Headers, options: { acts: boolean }): Promise<Caller> {
  const identified = await identifyCaller(headers, options);
  admitCaller(access, identified);
  return identified.caller;
}

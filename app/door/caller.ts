import { AppError } from "@/lib/errors";
import { findOwnerByCredential, type OwnerIdentity } from "@/services/auth";

/** Who may knock: anyone, or the owner with a scope (`owner:read` lets a read-only key in). */
export type Access = "public" | "owner:read" | "owner:write";

export type OwnerCaller = { kind: "owner" } & OwnerIdentity;
export type Caller = { kind: "anonymous" } | OwnerCaller;

/** The console's session cookie (httpOnly, SameSite=Lax): a JWT carrying the owner's session version. */
export const SESSION_COOKIE = "agy_session";

const ANONYMOUS: Caller = { kind: "anonymous" };

function readCookie(headers: Headers, name: string): string | undefined {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

/** The owner behind a request's credentials (bearer key or session cookie), or null. */
async function identifyOwner(headers: Headers): Promise<OwnerCaller | null> {
  const bearer = /^Bearer (\S{1,200})$/.exec(headers.get("authorization") ?? "")?.[1];
  const identity = await findOwnerByCredential({ bearer, sessionToken: readCookie(headers, SESSION_COOKIE) });
  return identity ? { kind: "owner", ...identity } : null;
}

/**
 * The caller a door admits, or throws `unauthorized` (no owner credentials, or wrong ones) or
 * `forbidden` (a read-only key at a door that acts). A public door admits everyone and recognises
 * the owner (who then gets owner details and messages); wrong credentials there are simply anonymous.
 */
export async function authorizeCaller(access: Access, headers: Headers): Promise<Caller> {
  const carriesCredentials = headers.has("authorization") || headers.has("cookie");
  const owner = carriesCredentials ? await identifyOwner(headers) : null;
  if (access === "public") return owner ?? ANONYMOUS;
  if (!owner) {
    throw new AppError("unauthorized", "No valid owner credentials", {
      userMessage: "Sign in, or send an API key: Authorization: Bearer <key>.",
    });
  }
  if (access === "owner:write" && owner.scope !== "write") {
    throw new AppError("forbidden", "A read-only API key at a door that acts", {
      userMessage: "This API key may only read: create one with the write scope to act.",
    });
  }
  return owner;
}

import { getDb, type Executor } from "@/db/client";
import type { AuditActor } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { secureCompare } from "@/lib/secure-compare";
import { findApiKey } from "@/services/auth/api-keys";
import { findOwnerSession } from "@/services/auth/find-owner-session";

export interface OwnerIdentity {
  /** How the owner showed themself: a console session, one of their API keys, or the bootstrap key. */
  via: Extract<AuditActor, "session" | "api_key" | "owner_api_key">;
  scope: "read" | "write";
  /** The API key's id, for the owner's record. */
  keyId?: string;
}

/**
 * The owner behind a credential, or null: a bearer `agy_…` (an API key of theirs, with its
 * scope), the bootstrap `OWNER_API_KEY` (full scope, compared in constant time), or a console
 * session token.
 */
export async function findOwnerByCredential(
  credential: { bearer?: string; sessionToken?: string },
  options: { db?: Executor } = {},
): Promise<OwnerIdentity | null> {
  const db = options.db ?? getDb();
  const { bearer, sessionToken } = credential;
  if (bearer?.startsWith("agy_")) {
    const key = await findApiKey(db, bearer);
    return key ? { via: "api_key", scope: key.scope, keyId: key.id } : null;
  }
  if (bearer) {
    const configured = getEnv().OWNER_API_KEY;
    return configured && secureCompare(bearer, configured) ? { via: "owner_api_key", scope: "write" } : null;
  }
  if (!sessionToken) return null;
  return (await findOwnerSession(db, sessionToken)) ? { via: "session", scope: "write" } : null;
}

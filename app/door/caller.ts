import { verifyOwnerApiKey } from "@/lib/auth";
import { getEnv } from "@/lib/env";

/**
 * Who may knock: anyone, or the owner with a scope. Today the owner is the bearer of OWNER_API_KEY
 * (full scope); sessions and scoped API keys answer the same question once they exist.
 */
export type Access = "public" | "owner:read" | "owner:write";

export type Caller = { kind: "anonymous" } | { kind: "owner"; via: "owner_api_key"; scope: "read" | "write" };

const OWNER: Caller = { kind: "owner", via: "owner_api_key", scope: "write" };

/**
 * The caller a door admits, or throws `unauthorized` / `service_unavailable`. A public door admits
 * everyone, and recognises the owner who shows a key (who then gets owner details and messages);
 * a wrong key there is simply anonymous.
 */
export function authorizeCaller(access: Access, headers: Headers): Caller {
  if (access !== "public") {
    verifyOwnerApiKey(headers, getEnv().OWNER_API_KEY);
    return OWNER;
  }
  if (!headers.has("authorization")) return { kind: "anonymous" };
  try {
    verifyOwnerApiKey(headers, getEnv().OWNER_API_KEY);
    return OWNER;
  } catch {
    return { kind: "anonymous" };
  }
}

import { randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import type { Database, Executor } from "@/db/client";
import { apiKeys, type ApiKey } from "@/db/schema";
import { hashToken } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import type { CreateApiKeyInput } from "@/services/auth/api-key.schema";
import { recordAuditEvent, type AuditEventInput } from "@/services/auth/record-audit-event";

const KEY_PREFIX = "agy_";
// Written at most this often per key, so a busy caller costs no write per request.
const LAST_USED_RESOLUTION_MS = 60_000;

export type ApiKeyView = Omit<ApiKey, "keyHash">;

const view = ({ keyHash: _hidden, ...key }: ApiKey): ApiKeyView => key;

type Actor = Pick<AuditEventInput, "actor" | "actorId" | "ip">;

/** A new API key, shown this once (`key`); only its hash is kept. */
export async function createApiKey(
  db: Database,
  input: CreateApiKeyInput,
  actor: Actor,
): Promise<{ apiKey: ApiKeyView; key: string }> {
  const key = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ name: input.name, scope: input.scope, keyHash: hashToken(key), prefix: key.slice(0, 12) })
      .returning();
    await recordAuditEvent(tx, {
      ...actor,
      action: "api_key.create",
      outcome: "succeeded",
      target: row!.id,
      details: { name: input.name, scope: input.scope },
    });
    return { apiKey: view(row!), key };
  });
}

/** Every key, newest first, revoked ones included (they say when). */
export async function listApiKeys(db: Executor): Promise<ApiKeyView[]> {
  return (await db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt))).map(view);
}

/** Revokes a key: it answers nothing from now on. Idempotent; `not_found` for an unknown id. */
export async function revokeApiKey(db: Database, id: string, actor: Actor): Promise<ApiKeyView> {
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id)).for("update");
    if (!current) throw new AppError("not_found", `No API key ${id}`, { userMessage: "There is no such API key." });
    if (current.revokedAt) return view(current);
    const [revoked] = await tx.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id)).returning();
    await recordAuditEvent(tx, { ...actor, action: "api_key.revoke", outcome: "succeeded", target: id });
    return view(revoked!);
  });
}

/**
 * The live key a caller presented, or null (unknown, revoked, or not one of ours); records when it
 * was last used, to the minute.
 */
export async function findApiKey(db: Executor, key: string): Promise<ApiKeyView | null> {
  if (!key.startsWith(KEY_PREFIX) || key.length > 100) return null;
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashToken(key)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(apiKeys.id, row.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USED_RESOLUTION_MS))),
        ),
      );
    row.lastUsedAt = now;
  }
  return view(row);
}

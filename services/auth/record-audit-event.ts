import type { Executor } from "@/db/client";
import { auditEvents, type AuditActor } from "@/db/schema";

export interface AuditEventInput {
  actor: AuditActor;
  actorId?: string | null;
  action: string;
  outcome: "succeeded" | "failed";
  target?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Appends one line to the owner's record. Written in the caller's transaction when it has one, so
 * an action and its line commit together; a refusal is written on its own, since nothing else is.
 */
export async function recordAuditEvent(db: Executor, event: AuditEventInput): Promise<void> {
  await db.insert(auditEvents).values({
    actor: event.actor,
    actorId: event.actorId ?? null,
    action: event.action,
    outcome: event.outcome,
    target: event.target ?? null,
    ip: event.ip ?? null,
    details: event.details ?? {},
  });
}

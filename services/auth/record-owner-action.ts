import { getDb, type Executor } from "@/db/client";
import { recordAuditEvent, type AuditEventInput } from "@/services/auth/record-audit-event";

/** An owner action's line in the record, written on its own (for the doors, which hold no database handle). */
export async function recordOwnerAction(event: AuditEventInput, options: { db?: Executor } = {}): Promise<void> {
  await recordAuditEvent(options.db ?? getDb(), event);
}

import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { auditEvents, type AuditEvent } from "@/db/schema";

export const AuditPageQuerySchema = z.object({
  /** The page ends before this line (`occurredAt|id` of the last line of the page before). */
  before: z
    .string()
    .regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z\|[0-9a-f-]{36}$/, { message: "must be a cursor from the previous page" })
    .optional(),
  action: z
    .string()
    .regex(/^[a-z_.]{1,64}$/, { message: "must be an action name such as auth.sign_in" })
    .optional(),
});
export type AuditPageQuery = z.infer<typeof AuditPageQuerySchema>;

const PAGE_SIZE = 50;

/**
 * The owner's record, newest first, a page at a time: keyset pagination on (occurred_at, id), so a
 * page deep in a long record costs what the first does.
 */
export async function listAuditEvents(
  db: Executor,
  query: AuditPageQuery = {},
): Promise<{ events: AuditEvent[]; nextCursor: string | null }> {
  const conditions: SQL[] = [];
  if (query.action) conditions.push(eq(auditEvents.action, query.action));
  if (query.before) {
    const [at, id] = query.before.split("|") as [string, string];
    const occurredAt = new Date(at);
    conditions.push(
      or(lt(auditEvents.occurredAt, occurredAt), and(eq(auditEvents.occurredAt, occurredAt), lt(auditEvents.id, id)))!,
    );
  }
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id))
    .limit(PAGE_SIZE + 1);
  const events = rows.slice(0, PAGE_SIZE);
  const last = events.at(-1);
  return {
    events,
    nextCursor: rows.length > PAGE_SIZE && last ? `${last.occurredAt.toISOString()}|${last.id}` : null,
  };
}

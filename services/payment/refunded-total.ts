import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { transactions, type Transaction } from "@/db/schema";

/** How much of a payment its refunds in these states give back, in the payment's minor units. */
export async function refundedTotal(
  db: Executor,
  paymentId: string,
  statuses: Transaction["status"][],
): Promise<number> {
  const [refunded] = await db
    .select({ total: sql<number>`coalesce(sum(${transactions.amountMinor}), 0)::bigint`.mapWith(Number) })
    .from(transactions)
    .where(and(eq(transactions.refundOfId, paymentId), inArray(transactions.status, statuses)));
  return refunded!.total;
}

import { desc, eq, type SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import {
  checkoutOrders,
  paymentMismatches,
  products,
  transactions,
  type CheckoutOrder,
  type PaymentMismatch,
  type Transaction,
} from "@/db/schema";

/** A payment held for the owner, with the money that moved and the order it named. */
export interface PaymentMismatchView {
  id: string;
  status: PaymentMismatch["status"];
  reason: PaymentMismatch["reason"];
  /** What differed: `amount_mismatch: paid 7900 USD, order 149000 USD`. */
  detail: string;
  createdAt: Date;
  resolvedAt: Date | null;
  payment: Pick<Transaction, "provider" | "amountMinor" | "currency" | "environment" | "occurredAt"> & {
    transactionId: string;
    providerPaymentId: string;
  };
  order: Pick<CheckoutOrder, "id" | "status" | "email" | "amountMinor" | "currency" | "environment"> & {
    product: string;
  };
}

/** The held payments matching `where`, newest first. */
export async function selectPaymentMismatches(
  db: Executor,
  where: SQL | undefined,
  limit: number,
): Promise<PaymentMismatchView[]> {
  const rows = await db
    .select({
      mismatch: paymentMismatches,
      payment: {
        transactionId: transactions.id,
        provider: transactions.provider,
        providerPaymentId: transactions.providerTransactionId,
        amountMinor: transactions.amountMinor,
        currency: transactions.currency,
        environment: transactions.environment,
        occurredAt: transactions.occurredAt,
      },
      order: {
        id: checkoutOrders.id,
        status: checkoutOrders.status,
        email: checkoutOrders.email,
        amountMinor: checkoutOrders.amountMinor,
        currency: checkoutOrders.currency,
        environment: checkoutOrders.environment,
        product: products.slug,
      },
    })
    .from(paymentMismatches)
    .innerJoin(transactions, eq(transactions.id, paymentMismatches.transactionId))
    .innerJoin(checkoutOrders, eq(checkoutOrders.id, paymentMismatches.checkoutOrderId))
    .innerJoin(products, eq(products.id, checkoutOrders.productId))
    .where(where)
    .orderBy(desc(paymentMismatches.createdAt), desc(paymentMismatches.id))
    .limit(limit);
  return rows.map(({ mismatch, payment, order }) => ({
    id: mismatch.id,
    status: mismatch.status,
    reason: mismatch.reason,
    detail: mismatch.detail,
    createdAt: mismatch.createdAt,
    resolvedAt: mismatch.resolvedAt,
    payment,
    order,
  }));
}

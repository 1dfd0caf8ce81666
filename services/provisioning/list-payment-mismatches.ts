import { eq } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { paymentMismatches } from "@/db/schema";
import type { ListPaymentMismatchesInput } from "@/services/provisioning/payment-mismatch.schema";
import { selectPaymentMismatches, type PaymentMismatchView } from "@/services/provisioning/payment-mismatch-view";

/** Payments held for the owner, newest first: those still open by default (`status` to choose). Read-only. */
export async function listPaymentMismatches(
  { status, limit }: ListPaymentMismatchesInput = { status: "open", limit: 100 },
  options: { db?: Database } = {},
): Promise<PaymentMismatchView[]> {
  const where = status === "all" ? undefined : eq(paymentMismatches.status, status);
  return selectPaymentMismatches(options.db ?? getDb(), where, limit);
}

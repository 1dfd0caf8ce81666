export type { Mismatch } from "@/services/provisioning/find-payment-mismatch";
export {
  applyProvisioningEvent,
  applyProvisioningEvents,
  readProvisioningEvent,
  type ReadEvent,
} from "@/services/provisioning/provision-event";
export type { StoredEvent } from "@/services/provisioning/provisioning-context";
export type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";
export { listPaymentMismatches } from "@/services/provisioning/list-payment-mismatches";
export {
  ListPaymentMismatchesInputSchema,
  ResolvePaymentMismatchInputSchema,
  type ListPaymentMismatchesInput,
  type ResolvePaymentMismatchInput,
} from "@/services/provisioning/payment-mismatch.schema";
export type { PaymentMismatchView } from "@/services/provisioning/payment-mismatch-view";
export { resolvePaymentMismatch, type ResolvedPaymentMismatch } from "@/services/provisioning/resolve-payment-mismatch";

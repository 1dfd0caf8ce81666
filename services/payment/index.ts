export { cancelSubscription, type CancelledSubscriptionView } from "@/services/payment/cancel-subscription";
export { CAPTURE_ATTEMPTS, captureOrder, type CapturedOrder } from "@/services/payment/capture-order";
export { completeSimulatedCheckout } from "@/services/payment/complete-simulated-checkout";
export { createCheckoutSession, type CheckoutSession } from "@/services/payment/create-checkout-session";
export {
  CaptureOrderInputSchema,
  CreateCheckoutInputSchema,
  CreatePaypalOrderInputSchema,
  type CreateCheckoutInput,
} from "@/services/payment/create-checkout-session.schema";
export { findCheckoutOrder, type CheckoutOrderView } from "@/services/payment/find-checkout-order";
export { getPaypalGateway, getProviderGateway, getStripeGateway } from "@/services/payment/get-payment-gateway";
export { listCheckoutProviders } from "@/services/payment/list-checkout-providers";
export { refundPayment, type RefundView } from "@/services/payment/refund-payment";
export { revealOrderLicense, type OrderLicense } from "@/services/payment/reveal-order-license";
export { refundedTotal } from "@/services/payment/refunded-total";
export { RefundInputSchema, type RefundInput } from "@/services/payment/refund-payment.schema";

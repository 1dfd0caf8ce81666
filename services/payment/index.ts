export { completeSimulatedCheckout } from "@/services/payment/complete-simulated-checkout";
export { createCheckoutSession, type CheckoutSession } from "@/services/payment/create-checkout-session";
export { CreateCheckoutInputSchema, type CreateCheckoutInput } from "@/services/payment/create-checkout-session.schema";
export { findCheckoutOrder, type CheckoutOrderView } from "@/services/payment/find-checkout-order";
export { getPaymentGateway } from "@/services/payment/get-payment-gateway";

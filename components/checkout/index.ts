export { OrderLicense, type OrderLicenseProps, type RevealedLicense } from "@/components/checkout/order-license";
export { CheckoutForm, type CheckoutFormProps, type CheckoutFormState } from "@/components/checkout/checkout-form";

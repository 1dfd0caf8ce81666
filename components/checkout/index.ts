export { CheckoutForm, type CheckoutFormProps, type CheckoutFormState } from "@/components/checkout/checkout-form";

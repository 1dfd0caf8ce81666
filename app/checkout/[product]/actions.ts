"use server";

import { redirect } from "next/navigation";
import { defineAction, formFields, formText } from "@/app/door";
import type { CheckoutFormState } from "@/components/checkout";
import { createCheckoutSession, CreateCheckoutInputSchema } from "@/services/payment";

/** The checkout form: starts a checkout and sends the buyer to the provider, or says what is wrong. */
export const startCheckout = defineAction({
  name: "startCheckout",
  access: "public",
  // The same bucket as POST /api/v1/payments/checkout: one limit on starting checkouts.
  limit: "payments",
  input: CreateCheckoutInputSchema,
  read: (_previous: CheckoutFormState, form: FormData) => {
    const { domain, ...fields } = formFields(form);
    return { ...fields, domain: domain || undefined };
  },
  async handle(input): Promise<CheckoutFormState> {
    const { url } = await createCheckoutSession(input);
    redirect(url);
  },
  refuse: ({ error, message }, raw) => ({
    error: message,
    field: error.field,
    values: { email: formText(raw, "email"), domain: formText(raw, "domain"), provider: formText(raw, "provider") },
  }),
});

"use server";

import { redirect } from "next/navigation";
import type { CheckoutFormState } from "@/components/checkout";
import { parseInput, toAppError } from "@/lib/errors";
import { getLogger } from "@/lib/logger";
import { createCheckoutSession, CreateCheckoutInputSchema } from "@/services/payment";

/** The checkout form: starts a checkout and sends the buyer to the provider, or says what is wrong. */
export async function startCheckout(_previous: CheckoutFormState, form: FormData): Promise<CheckoutFormState> {
  let url: string;
  try {
    const input = parseInput(CreateCheckoutInputSchema, {
      productSlug: form.get("productSlug"),
      provider: form.get("provider"),
      email: form.get("email"),
      domain: form.get("domain") || undefined,
    });
    ({ url } = await createCheckoutSession(input));
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === "internal") getLogger().error({ err: error }, "checkout failed");
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === "string" ? value : undefined;
    };
    return {
      error: appError.userMessage,
      field: appError.field,
      values: { email: text("email"), domain: text("domain"), provider: text("provider") },
    };
  }
  redirect(url);
}

"use client";

import { useActionState } from "react";

/** What the form's server action answers when it does not send the buyer on. */
export interface CheckoutFormState {
  error?: string;
  field?: string;
  /** What the buyer typed, shown again with the error (a form action resets the fields). */
  values?: { email?: string; domain?: string; provider?: string };
}

export type CheckoutProvider = "stripe" | "paypal" | "gumroad" | "simulated";

const LABELS: Record<CheckoutProvider, string> = {
  stripe: "Card (Stripe)",
  paypal: "PayPal",
  gumroad: "Gumroad",
  simulated: "Simulated payment (no money moves)",
};

export interface CheckoutFormProps {
  productSlug: string;
  /** The providers the shop takes this product through, in the order offered; at least one. */
  providers: CheckoutProvider[];
  action: (previous: CheckoutFormState, form: FormData) => Promise<CheckoutFormState>;
}

/** Email, optional site and provider; the server action sends the buyer on to the provider's page. */
export function CheckoutForm({ productSlug, providers, action }: CheckoutFormProps) {
  const [state, submit, pending] = useActionState(action, {});
  return (
    // Keyed on the answer, so the fields take the values it gives back.
    <form key={JSON.stringify(state.values ?? {})} action={submit} className="mt-8 flex flex-col gap-4">
      <input type="hidden" name="productSlug" value={productSlug} />
      <label className="flex flex-col gap-1 text-sm font-medium">
        Email
        <input
          name="email"
          type="email"
          required
          defaultValue={state.values?.email}
          aria-invalid={state.field === "email" || undefined}
          className="rounded-lg border border-slate-300 px-3 py-2"
        />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Site (optional)
        <input
          name="domain"
          placeholder="example.com"
          defaultValue={state.values?.domain}
          aria-invalid={state.field === "domain" || undefined}
          className="rounded-lg border border-slate-300 px-3 py-2"
        />
      </label>
      <fieldset className="flex flex-col gap-2 text-sm">
        <legend className="mb-1 font-medium">Pay with</legend>
        {providers.map((provider, index) => (
          <label key={provider} className="flex items-center gap-2">
            <input
              type="radio"
              name="provider"
              value={provider}
              defaultChecked={state.values?.provider ? state.values.provider === provider : index === 0}
            />
            {LABELS[provider]}
          </label>
        ))}
      </fieldset>
      {state.error ? (
        <p role="alert" data-testid="checkout-error" className="text-sm text-red-700">
          {state.error}
        </p>
      ) : null}
      <button
        disabled={pending}
        className="rounded-lg bg-indigo-600 px-4 py-2 font-semibold text-white hover:bg-indigo-700 disabled:opacity-60"
      >
        {pending ? "Starting checkout…" : "Continue to payment"}
      </button>
    </form>
  );
}

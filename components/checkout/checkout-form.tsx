"use client";

import { useActionState } from "react";

/** What the form's server action answers when it does not send the buyer on. */
export interface CheckoutFormState {
  error?: string;
  field?: string;
  /** What the buyer typed, shown again with the error (a form action resets the fields). */
  values?: { email?: string; domain?: string; provider?: string };
}

const PROVIDERS = [
  { value: "stripe", label: "Card (Stripe)" },
  { value: "paypal", label: "PayPal" },
  { value: "gumroad", label: "Gumroad" },
] as const;

export interface CheckoutFormProps {
  productSlug: string;
  action: (previous: CheckoutFormState, form: FormData) => Promise<CheckoutFormState>;
}

/** Email, optional site and provider; the server action sends the buyer on to the provider's page. */
export function CheckoutForm({ productSlug, action }: CheckoutFormProps) {
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
        {PROVIDERS.map((provider, index) => (
          <label key={provider.value} className="flex items-center gap-2">
            <input
              type="radio"
              name="provider"
              value={provider.value}
              defaultChecked={state.values?.provider ? state.values.provider === provider.value : index === 0}
            />
            {provider.label}
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

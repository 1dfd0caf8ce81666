"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton, TextField, type FormState } from "@/components/forms";

export interface SetupFormState extends FormState {
  values?: { token?: string; email?: string };
}

/** First run: the setup token (from the log or `cc auth setup-token`), the owner's email and password. */
export function SetupForm({
  token,
  action,
}: {
  token: string;
  action: (previous: SetupFormState, form: FormData) => Promise<SetupFormState>;
}) {
  const [state, submit, pending] = useActionState(action, {});
  const values = state.values ?? { token };
  return (
    <form key={JSON.stringify(values)} action={submit} className="flex flex-col gap-4" aria-label="Set up the owner">
      <TextField
        label="Setup token"
        name="token"
        required
        defaultValue={values.token}
        invalidField={state.field}
        autoComplete="off"
        hint="Printed in the log when the app starts, or by `cc auth setup-token`. Valid for one hour."
      />
      <TextField
        label="Your email"
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={values.email}
        invalidField={state.field}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        invalidField={state.field}
        hint="At least 12 characters. A few unrelated words make a strong one."
      />
      <FormMessage error={state.error} testId="setup-error" />
      <SubmitButton pending={pending} pendingLabel="Setting up…">
        Create the owner and sign in
      </SubmitButton>
    </form>
  );
}

"use client";

import { useActionState, useState } from "react";
import { FormMessage, SubmitButton, TextField, type FormState } from "@/components/forms";

export interface SignInFormState extends FormState {
  /** The password was right and two-factor is on: the code field is shown. */
  secondFactorRequired?: boolean;
}

/**
 * Email and password, then a code when two-factor is on. The fields are held here, so a second
 * step or a refusal does not make the owner type them again.
 */
export function SignInForm({
  next,
  action,
}: {
  next: string;
  action: (previous: SignInFormState, form: FormData) => Promise<SignInFormState>;
}) {
  const [state, submit, pending] = useActionState(action, {});
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  return (
    <form action={submit} className="flex flex-col gap-4" aria-label="Sign in">
      <input type="hidden" name="next" value={next} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      {state.secondFactorRequired ? (
        <TextField
          label="Two-factor code"
          name="code"
          autoComplete="one-time-code"
          required
          autoFocus
          invalidField={state.field}
          hint="The 6 digits from your authenticator app, or one of your recovery codes."
        />
      ) : null}
      <FormMessage error={state.error} testId="sign-in-error" />
      <SubmitButton pending={pending} pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
    </form>
  );
}

"use client";

import { useActionState } from "react";
import { FormMessage, SubmitButton, TextField, type FormState } from "@/components/forms";

/** The current password, then the new one; every other session ends. */
export function ChangePasswordForm({
  action,
}: {
  action: (previous: FormState, form: FormData) => Promise<FormState>;
}) {
  const [state, submit, pending] = useActionState(action, {});
  return (
    <form action={submit} className="flex max-w-sm flex-col gap-4" aria-label="Change password">
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        invalidField={state.field}
      />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        minLength={12}
        invalidField={state.field}
        hint="At least 12 characters. Every other signed-in browser is signed out."
      />
      <FormMessage error={state.error} notice={state.notice} testId="change-password-message" />
      <SubmitButton pending={pending} pendingLabel="Changing…">
        Change password
      </SubmitButton>
    </form>
  );
}

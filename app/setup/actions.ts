"use server";

import { redirect } from "next/navigation";
import { defineAction, formFields, formText, startBrowserSession } from "@/app/door";
import type { SetupFormState } from "@/components/auth";
import { completeSetup, CompleteSetupInputSchema, issueOwnerSession } from "@/services/auth";
import { getDb } from "@/services/setup";

/** First-run setup: creates the owner with a valid setup token and signs them straight in. */
export const setUpOwner = defineAction({
  name: "setUpOwner",
  access: "public",
  // Guessing tokens costs requests from the same bucket as the owner's other doors.
  limit: "owner",
  input: CompleteSetupInputSchema,
  read: (_previous: SetupFormState, form: FormData) => formFields(form),
  async handle(input, { ip }): Promise<SetupFormState> {
    const owner = await completeSetup(getDb(), input, { ip });
    await startBrowserSession(await issueOwnerSession(owner.id, owner.sessionVersion));
    redirect("/dashboard");
  },
  refuse: ({ error, message }, raw) => ({
    error: message,
    field: error.field,
    values: { token: formText(raw, "token"), email: formText(raw, "email") },
  }),
});

"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction, formFields, startBrowserSession } from "@/app/door";
import type { SignInFormState } from "@/components/auth";
import { safeNextPath } from "@/lib/http";
import { signInOwner, SignInInputSchema } from "@/services/auth";
import { getDb } from "@/services/setup";

/** The sign-in form: a session cookie and on to where the owner was going, or why not (and when to retry). */
export const signIn = defineAction({
  name: "signIn",
  access: "public",
  // The same bucket as POST /api/v1/auth/session: a flood is turned away before any work.
  limit: "owner",
  input: SignInInputSchema.extend({ next: z.string().max(2048).optional() }),
  read: (_previous: SignInFormState, form: FormData) => formFields(form),
  async handle(input, { ip }): Promise<SignInFormState> {
    await startBrowserSession(await signInOwner(getDb(), input, { ip }));
    redirect(safeNextPath(input.next));
  },
  refuse: ({ error, message }) => ({
    error: message,
    field: error.field,
    secondFactorRequired: error.details?.secondFactorRequired === true,
  }),
});

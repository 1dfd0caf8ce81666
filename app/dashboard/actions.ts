"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction, endBrowserSession, formFields, startBrowserSession } from "@/app/door";
import type { FormState } from "@/components/forms";
import type { ApiKeyFormState, TwoFactorFormState } from "@/components/console";
import {
  ChangePasswordInputSchema,
  confirmTwoFactor,
  createApiKey,
  CreateApiKeyInputSchema,
  changeOwnerPassword,
  disableTwoFactor,
  endOwnerSessions,
  PasswordConfirmationInputSchema,
  revokeApiKey,
  startTwoFactorEnrolment,
  TwoFactorCodeInputSchema,
} from "@/services/auth";
import { getDb } from "@/services/setup";

const SETTINGS = "/dashboard/settings";
const NoInput = z.object({});
const refuse = ({ error, message }: { error: { field?: string }; message: string }): FormState => ({
  error: message,
  field: error.field,
});

/** Sign out of this browser. Anyone may ask: without a session there is simply nothing to end. */
export const signOut = defineAction({
  name: "signOut",
  access: "public",
  input: NoInput,
  read: () => ({}),
  async handle(_input, { ip }): Promise<void> {
    await endBrowserSession({ ip });
    redirect("/login");
  },
  // A plain form with nowhere to show an answer: the page as it was is the answer.
  refuse: () => undefined,
});

/** Ends every session, this one included (a lost laptop, a shared computer). */
export const signOutEverywhere = defineAction({
  name: "signOutEverywhere",
  access: "owner:write",
  input: NoInput,
  read: () => ({}),
  async handle(_input, { ip }): Promise<void> {
    await endOwnerSessions(getDb(), { ip });
    await endBrowserSession({ ip });
    redirect("/login");
  },
  // A plain form with nowhere to show an answer: the page as it was is the answer.
  refuse: () => undefined,
});

/** A new password; every other session ends, this browser carries on with a new one. */
export const changePassword = defineAction({
  name: "changePassword",
  access: "owner:write",
  input: ChangePasswordInputSchema,
  read: (_previous: FormState, form: FormData) => formFields(form),
  async handle(input, { ip }): Promise<FormState> {
    await startBrowserSession(await changeOwnerPassword(getDb(), input, { ip }));
    return { notice: "Password changed. Every other session has ended." };
  },
  refuse,
});

/** A new API key, shown once in the answer. */
export const createApiKeyAction = defineAction({
  name: "createApiKey",
  access: "owner:write",
  input: CreateApiKeyInputSchema,
  read: (_previous: ApiKeyFormState, form: FormData) => formFields(form),
  async handle(input, { caller, ip }): Promise<ApiKeyFormState> {
    const actor = caller.kind === "owner" ? caller.via : "anonymous";
    const { apiKey, key } = await createApiKey(getDb(), input, { actor, ip });
    revalidatePath(SETTINGS);
    return { created: { name: apiKey.name, scope: apiKey.scope, key } };
  },
  refuse,
});

export const revokeApiKeyAction = defineAction({
  name: "revokeApiKey",
  access: "owner:write",
  input: z.object({ id: z.uuid({ message: "must be an API key id" }) }),
  read: (_previous: FormState, form: FormData) => formFields(form),
  async handle({ id }, { caller, ip }): Promise<FormState> {
    const actor = caller.kind === "owner" ? caller.via : "anonymous";
    const key = await revokeApiKey(getDb(), id, { actor, ip });
    revalidatePath(SETTINGS);
    return { notice: `Revoked ${key.name}.` };
  },
  refuse,
});

/** Offers a secret to scan; the settings page shows its QR code until it is confirmed. */
export const startTwoFactor = defineAction({
  name: "startTwoFactor",
  access: "owner:write",
  input: NoInput,
  read: () => ({}),
  async handle(): Promise<TwoFactorFormState> {
    await startTwoFactorEnrolment(getDb());
    revalidatePath(SETTINGS);
    return {};
  },
  refuse,
});

export const confirmTwoFactorAction = defineAction({
  name: "confirmTwoFactor",
  access: "owner:write",
  input: TwoFactorCodeInputSchema,
  read: (_previous: TwoFactorFormState, form: FormData) => formFields(form),
  async handle(input, { ip }): Promise<TwoFactorFormState> {
    const { recoveryCodes } = await confirmTwoFactor(getDb(), input, { ip });
    revalidatePath(SETTINGS);
    return { recoveryCodes };
  },
  refuse,
});

export const disableTwoFactorAction = defineAction({
  name: "disableTwoFactor",
  access: "owner:write",
  input: PasswordConfirmationInputSchema,
  read: (_previous: TwoFactorFormState, form: FormData) => formFields(form),
  async handle(input, { ip }): Promise<TwoFactorFormState> {
    await disableTwoFactor(getDb(), input, { ip });
    revalidatePath(SETTINGS);
    return { notice: "Two-factor is off." };
  },
  refuse,
});

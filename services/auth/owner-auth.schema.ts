import { z } from "zod";

export const OwnerEmailSchema = z
  .email({ message: "must be an email address" })
  .max(254)
  .transform((email) => email.toLowerCase());

/** At least 12 characters (OWASP's floor for a password without other rules); long ones are fine. */
export const PasswordSchema = z
  .string()
  .min(12, { message: "must be at least 12 characters" })
  .max(1024, { message: "must be at most 1024 characters" });

export const SetOwnerInputSchema = z.object({ email: OwnerEmailSchema, password: PasswordSchema });
export type SetOwnerInput = z.infer<typeof SetOwnerInputSchema>;

export const CompleteSetupInputSchema = SetOwnerInputSchema.extend({
  token: z.string().trim().min(1, { message: "is required" }).max(200),
});
export type CompleteSetupInput = z.infer<typeof CompleteSetupInputSchema>;

/** What the sign-in form takes: no rule beyond a size, so the answer never says which part is wrong. */
export const SignInInputSchema = z.object({
  email: z
    .string()
    .trim()
    .max(254)
    .transform((email) => email.toLowerCase()),
  password: z.string().min(1, { message: "is required" }).max(1024),
  /** A TOTP code or a recovery code, once two-factor is on. */
  code: z
    .string()
    .trim()
    .max(32, { message: "must be a 6-digit code or a recovery code" })
    .transform((code) => code || undefined)
    .optional(),
});
export type SignInInput = z.infer<typeof SignInInputSchema>;

export const ChangePasswordInputSchema = z.object({
  currentPassword: z.string().min(1, { message: "is required" }).max(1024),
  newPassword: PasswordSchema,
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordInputSchema>;

export const TwoFactorCodeInputSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, { message: "must be the 6-digit code from your app" }),
});

export const PasswordConfirmationInputSchema = z.object({
  password: z.string().min(1, { message: "is required" }).max(1024),
});

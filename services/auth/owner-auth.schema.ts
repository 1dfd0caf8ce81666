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
});
export type SignInInput = z.infer<typeof SignInInputSchema>;

export const ChangePasswordInputSchema = z.object({
  currentPassword: z.string().min(1, { message: "is required" }).max(1024),
  newPassword: PasswordSchema,
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordInputSchema>;

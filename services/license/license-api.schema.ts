import { z } from "zod";
import { DomainSchema } from "@/lib/domain/domain.schema";

// Any string is accepted as a key here: a key of the wrong shape is refused as `invalid_key` by the
// checksum, like any forged one, rather than as a malformed request.
const KeyField = z.string().max(100, { message: "is too long to be a license key" });

/** Opaque to the server: whatever stable string the customer's software derives from the machine. */
const FingerprintField = z.string().trim().min(1, { message: "must not be empty" }).max(256);

export const ActivateLicenseInputSchema = z.object({
  key: KeyField,
  domain: DomainSchema,
  fingerprint: FingerprintField,
});

export const ValidateLicenseInputSchema = z.object({
  key: KeyField,
  domain: DomainSchema.optional(),
  fingerprint: FingerprintField.optional(),
});

export const DeactivateLicenseInputSchema = z
  .object({
    key: KeyField,
    activationId: z.uuid({ message: "must be an activation id" }).optional(),
    fingerprint: FingerprintField.optional(),
  })
  .refine((input) => input.activationId !== undefined || input.fingerprint !== undefined, {
    message: "or fingerprint is required",
    path: ["activationId"],
  });

export type ActivateLicenseInput = z.infer<typeof ActivateLicenseInputSchema>;
export type ValidateLicenseInput = z.infer<typeof ValidateLicenseInputSchema>;
export type DeactivateLicenseInput = z.infer<typeof DeactivateLicenseInputSchema>;

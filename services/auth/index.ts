export { CreateApiKeyInputSchema, type CreateApiKeyInput } from "@/services/auth/api-key.schema";
export { createApiKey, findApiKey, listApiKeys, revokeApiKey, type ApiKeyView } from "@/services/auth/api-keys";
export { changeOwnerPassword } from "@/services/auth/change-owner-password";
export { completeSetup } from "@/services/auth/complete-setup";
export { createSetupToken } from "@/services/auth/create-setup-token";
export { endOwnerSessions } from "@/services/auth/end-owner-sessions";
export { findOwnerAccount } from "@/services/auth/find-owner-account";
export { findOwnerSession } from "@/services/auth/find-owner-session";
export {
  ChangePasswordInputSchema,
  CompleteSetupInputSchema,
  SetOwnerInputSchema,
  PasswordConfirmationInputSchema,
  SignInInputSchema,
  TwoFactorCodeInputSchema,
  type ChangePasswordInput,
  type CompleteSetupInput,
  type SetOwnerInput,
  type SignInInput,
} from "@/services/auth/owner-auth.schema";
export { recordAuditEvent, type AuditEventInput } from "@/services/auth/record-audit-event";
export { setOwner } from "@/services/auth/set-owner";
export { issueOwnerSession, signInOwner, type OwnerSession } from "@/services/auth/sign-in-owner";
export { findOwnerByCredential, type OwnerIdentity } from "@/services/auth/find-owner-by-credential";
export { recordOwnerAction } from "@/services/auth/record-owner-action";
export {
  confirmTwoFactor,
  countRecoveryCodes,
  disableTwoFactor,
  findTwoFactorEnrolment,
  startTwoFactorEnrolment,
  type TwoFactorEnrolment,
} from "@/services/auth/two-factor";
export { listAuditEvents, AuditPageQuerySchema, type AuditPageQuery } from "@/services/auth/list-audit-events";
export { offerFirstRunSetup, setupUrl } from "@/services/auth/offer-first-run-setup";
export { getOwnerAccount } from "@/services/auth/get-owner-account";
export { signOutOwner } from "@/services/auth/sign-out-owner";

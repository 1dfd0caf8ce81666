export { ApiKeysPanel, type ApiKeyFormState, type ApiKeyRow } from "@/components/console/api-keys-panel";
export { ChangePasswordForm } from "@/components/console/change-password-form";
export { ConsoleNav } from "@/components/console/console-nav";
export {
  TwoFactorPanel,
  type TwoFactorFormState,
  type TwoFactorPanelProps,
} from "@/components/console/two-factor-panel";

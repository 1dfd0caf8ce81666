export { getSecret, resetSecrets, type SecretName } from "@/lib/secrets/get-secrets";
export { ensureLocalSecrets, LOCAL_SECRETS_FILE } from "@/lib/secrets/local-secrets";

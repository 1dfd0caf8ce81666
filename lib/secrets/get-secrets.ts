import { getEnv } from "@/lib/env";
import { ensureLocalSecrets, type LocalSecrets } from "@/lib/secrets/local-secrets";

export type SecretName = keyof LocalSecrets;

let local: LocalSecrets | undefined;

/**
 * A secret the app signs or verifies with. It comes from the environment when set; outside
 * production a missing one comes from `.data/secrets.json` (generated once, then reused). In
 * production the environment check has already refused to start without the required ones.
 */
export function getSecret(name: SecretName): string {
  const env = getEnv();
  const fromEnv = env[name];
  if (fromEnv !== undefined) {
    // PEM keys are often given on one line with literal "\n" separators.
    return name === "LICENSE_SIGNING_KEY" ? fromEnv.replaceAll("\\n", "\n") : fromEnv;
  }
  if (env.APP_ENV === "production") throw new Error(`${name} is not configured`);
  local ??= ensureLocalSecrets(env.DATA_DIR);
  return local[name];
}

export function resetSecrets(): void {
  local = undefined;
}

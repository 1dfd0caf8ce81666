import type { Environment, Provider } from "@/db/schema";

/** Where an event came from: its provider, and live or test money. */
export interface ProvisioningContext {
  provider: Provider;
  environment: Environment;
}

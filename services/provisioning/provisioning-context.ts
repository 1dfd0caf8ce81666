import type { Environment, Provider } from "@/db/schema";

/** Where an event came from: its provider, and live or test money. */
export interface ProvisioningContext {
  provider: Provider;
  environment: Environment;
}

/** A verified event as the intake stored it. */
export interface StoredEvent extends ProvisioningContext {
  type: string;
  payload: string;
  /** When the provider delivered it: the time of an event that states none of its own. */
  receivedAt: Date;
}

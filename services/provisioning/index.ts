export {
  applyProvisioningEvent,
  applyProvisioningEvents,
  readProvisioningEvent,
  type ReadEvent,
} from "@/services/provisioning/provision-event";
export type { StoredEvent } from "@/services/provisioning/provisioning-context";
export type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";

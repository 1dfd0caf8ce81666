export {
  applyProvisioningEvent,
  applyProvisioningEvents,
  readProvisioningEvent,
  type ReadEvent,
  type StoredEvent,
} from "@/services/provisioning/provision-event";
export type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";

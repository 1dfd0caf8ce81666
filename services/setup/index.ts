export { DataDirInUseError } from "@/db/embedded";
export type { OpenedDatabase } from "@/db/open-database";
export { openPreparedDatabase } from "@/services/setup/open-prepared-database";
export { prepareDatabase, type PrepareDatabaseResult } from "@/services/setup/prepare-database";

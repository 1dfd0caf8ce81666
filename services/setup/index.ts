export { DataDirInUseError } from "@/db/embedded";
// Doors reach the database only through services; the opener is plumbing they share.
export { openDatabase, type OpenedDatabase } from "@/db/open-database";
export { getDb } from "@/db/client";
export { openPreparedDatabase } from "@/services/setup/open-prepared-database";
export { prepareDatabase, type PrepareDatabaseResult } from "@/services/setup/prepare-database";

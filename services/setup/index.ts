export { prepareDatabase, type PrepareDatabaseResult } from "@/services/setup/prepare-database";

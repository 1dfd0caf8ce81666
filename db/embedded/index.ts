export { DataDirInUseError } from "@/db/embedded/claim-data-dir";
export { embeddedConnectionUrl, embeddedPaths } from "@/db/embedded/embedded-paths";
export { startEmbeddedDatabase, type EmbeddedDatabase } from "@/db/embedded/start-embedded-database";

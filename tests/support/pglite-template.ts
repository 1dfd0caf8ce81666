import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";

// initdb in WASM takes seconds; reopening a copy of an initialised data directory takes well under
// one. Tests copy this template, which is exactly what a restarted app finds on disk.
const PGLITE_VERSION = (
  JSON.parse(fs.readFileSync("node_modules/@electric-sql/pglite/package.json", "utf8")) as { version: string }
).version;

export const PGLITE_TEMPLATE = path.join(os.tmpdir(), `agencyos-pglite-template-${PGLITE_VERSION}`);

export async function ensurePgliteTemplate(): Promise<void> {
  if (fs.existsSync(path.join(PGLITE_TEMPLATE, "PG_VERSION"))) return;
  const building = `${PGLITE_TEMPLATE}.${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  fs.mkdirSync(building, { recursive: true });
  const db = await PGlite.create(building);
  await db.close();
  fs.rmSync(PGLITE_TEMPLATE, { recursive: true, force: true });
  fs.renameSync(building, PGLITE_TEMPLATE);
}

/** Seeds `<dataDir>/pglite` with the initialised template. */
export function copyPgliteTemplate(dataDir: string): void {
  fs.cpSync(PGLITE_TEMPLATE, path.join(dataDir, "pglite"), { recursive: true });
}

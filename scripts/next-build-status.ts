import fs from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "services", "gateways", "db", "lib", "public"];
const CONFIG_FILES = ["next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];

function newestMtime(entry: string): number {
  if (!fs.existsSync(entry)) return 0;
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(entry)
    .reduce((newest, name) => Math.max(newest, newestMtime(path.join(entry, name))), stat.mtimeMs);
}

/** True when there is no production build, or a source file changed after it was made. */
export function needsBuild(root: string): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const builtAt = fs.statSync(buildId).mtimeMs;
  const newestSource = Math.max(...[...SOURCES, ...CONFIG_FILES].map((entry) => newestMtime(path.join(root, entry))));
  return newestSource > builtAt;
}

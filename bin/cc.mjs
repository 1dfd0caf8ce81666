#!/usr/bin/env node
// The `cc` command: runs the TypeScript CLI through tsx, so no build step is needed. It works on
// this project's data wherever it is called from: relative paths the caller gives are made
// absolute first, then the project root becomes the working directory.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = fileURLToPath(new URL("..", import.meta.url));
for (const name of ["DATA_DIR", "CATALOG_FILE"]) {
  const value = process.env[name];
  if (value && !path.isAbsolute(value)) process.env[name] = path.resolve(value);
}
process.chdir(root);

register({ tsconfig: path.join(root, "tsconfig.json") });
await import(new URL("../cli/main.ts", import.meta.url).href);

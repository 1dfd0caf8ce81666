#!/usr/bin/env node
// The `cc` command: runs the TypeScript CLI through tsx, so no build step is needed.
import { register } from "tsx/esm/api";

register({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });
await import(new URL("../cli/main.ts", import.meta.url).href);

#!/usr/bin/env -S node --no-node-snapshot
// The `hyperagents` command. In the repository it runs the TypeScript sources through tsx; an
// installed package runs its compiled build (`npm run build` writes dist/). HYPERAGENTS_DIST=1
// runs the build even in the repository (the startup benchmark measures both).
import { existsSync } from "node:fs";

const source = new URL("../sdk/cli/main.ts", import.meta.url);
let main;
if (process.env.HYPERAGENTS_DIST !== "1" && existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import("../dist/sdk/cli/main.js"));
}
process.exitCode = await main(process.argv.slice(2));

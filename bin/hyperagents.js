#!/usr/bin/env -S node --no-node-snapshot
// The `hyperagents` command. The package ships TypeScript sources; tsx compiles them on load.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../sdk/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));

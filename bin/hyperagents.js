#!/usr/bin/env node
// The `hyperagents` command. In the repository it runs the TypeScript sources through tsx; an
// installed package runs its compiled build (`npm run build` writes dist/). HYPERAGENTS_DIST=1
// runs the build even in the repository (the startup benchmark measures both).
//
// isolated-vm needs Node started with --no-node-snapshot (Node 20+), and starting without the
// snapshot costs ~100 ms of CPU. So --help, --version and `tasks`, which never load isolated-vm,
// run in this process as started; any other command runs in a child Node started with the flag
// (unless this one already has it), with the same terminal, arguments and exit status.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SNAPSHOT_FLAG = "--no-node-snapshot";
const args = process.argv.slice(2);

/** Commands (and help requests) that load nothing that needs the flag (sdk/cli/startup.test.ts). */
function runsWithoutFlag(argv) {
  const end = argv.indexOf("--");
  const own = end < 0 ? argv : argv.slice(0, end);
  const command = own.find((arg) => !arg.startsWith("-"));
  return (
    own.includes("--help") ||
    own.includes("-h") ||
    command === undefined ||
    ["help", "tasks", "doctor"].includes(command)
  );
}

async function runHere() {
  const source = new URL("../sdk/cli/main.ts", import.meta.url);
  let main;
  if (process.env.HYPERAGENTS_DIST !== "1" && existsSync(source)) {
    const { register } = await import("tsx/esm/api");
    register();
    ({ main } = await import(source.href));
  } else {
    ({ main } = await import("../dist/sdk/cli/main.js"));
  }
  process.exitCode = await main(args);
}

/**
 * The child shares the terminal's process group, so Ctrl-C reaches it directly: this process
 * only survives it (a forwarded copy would count as a second Ctrl-C). Signals sent to this
 * process alone (SIGTERM, SIGHUP) are passed on. The child's exit code or signal is ours.
 */
function runInFlaggedChild() {
  const child = spawn(
    process.execPath,
    [...process.execArgv, SNAPSHOT_FLAG, fileURLToPath(import.meta.url), ...args],
    { stdio: "inherit" },
  );
  const forward = (signal) => () => child.kill(signal);
  const handlers = { SIGINT: () => undefined, SIGTERM: forward("SIGTERM"), SIGHUP: forward("SIGHUP") };
  for (const [signal, handler] of Object.entries(handlers)) process.on(signal, handler);
  child.on("error", (error) => {
    process.stderr.write(`hyperagents: could not start Node with ${SNAPSHOT_FLAG}: ${error.message}\n`);
    process.exitCode = 1;
  });
  child.on("exit", (code, signal) => {
    for (const [name, handler] of Object.entries(handlers)) process.off(name, handler);
    if (signal) process.kill(process.pid, signal);
    else process.exitCode = code ?? 1;
  });
}

if (process.execArgv.includes(SNAPSHOT_FLAG) || runsWithoutFlag(args)) await runHere();
else runInFlaggedChild();

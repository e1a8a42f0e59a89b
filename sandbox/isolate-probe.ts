/**
 * Whether isolated-vm loads and runs an isolate the way the sandbox uses it: in a Node started
 * with --no-node-snapshot (isolated-vm needs it on Node 20+; without it creating an isolate can
 * crash the process on some platforms). A process started with the flag probes in-process; one
 * started without it (bin/hyperagents.js runs light commands so) probes in a child Node with the
 * flag, so `doctor` can print its first lines before paying for that start.
 * Nothing here loads isolated-vm into a process without the flag.
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const FLAG = "--no-node-snapshot";
const PROBE_TIMEOUT_MS = 60_000;

/** CommonJS run by `node -e`: argv[1] is isolated-vm's main file, argv[2] its package.json. */
const CHILD_PROBE = `
const ivm = require(process.argv[1]);
const isolate = new ivm.Isolate({ memoryLimit: 16 });
try {
  const value = isolate.createContextSync().evalSync("6 * 7");
  if (value !== 42) throw new Error("isolate returned a wrong value");
} finally {
  isolate.dispose();
}
process.stdout.write(require(process.argv[2]).version);
`;

/** isolated-vm's version when it runs an isolate; throws with the reason when it does not. */
export async function probeIsolatedVm(): Promise<string> {
  if (process.execArgv.includes(FLAG)) return probeHere();
  const main = require.resolve("isolated-vm");
  const manifest = require.resolve("isolated-vm/package.json");
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [FLAG, "-e", CHILD_PROBE, main, manifest],
      { timeout: PROBE_TIMEOUT_MS },
      (error, stdout, stderr) => {
        if (error) {
          const reason = String(stderr).trim().split("\n").at(-1) || error.message.split("\n")[0];
          reject(new Error(`a Node started with ${FLAG} could not run an isolate: ${reason}`));
        } else resolve(String(stdout).trim());
      },
    );
  });
}

async function probeHere(): Promise<string> {
  const ivm = require("isolated-vm") as typeof import("isolated-vm");
  const isolate = new ivm.Isolate({ memoryLimit: 16 });
  try {
    const context = await isolate.createContext();
    const value: unknown = await context.eval("6 * 7");
    if (value !== 42) throw new Error("isolate returned a wrong value");
  } finally {
    isolate.dispose();
  }
  return (require("isolated-vm/package.json") as { version: string }).version;
}

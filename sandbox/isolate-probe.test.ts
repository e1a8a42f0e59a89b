import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { probeIsolatedVm } from "./isolate-probe.js";

const version = (createRequire(import.meta.url)("isolated-vm/package.json") as { version: string }).version;

describe("probeIsolatedVm", () => {
  it("runs an isolate in this process, which has --no-node-snapshot", async () => {
    expect(process.execArgv).toContain("--no-node-snapshot");
    expect(await probeIsolatedVm()).toBe(version);
  });

  it("runs it in a child Node with the flag from a process started without it, loading nothing here", () => {
    const probe = fileURLToPath(new URL("./isolate-probe.ts", import.meta.url));
    const script = `const { probeIsolatedVm } = await import(${JSON.stringify(probe)});
const answer = await probeIsolatedVm();
const loaded = Object.keys((await import("node:module")).createRequire(import.meta.url).cache);
console.log(JSON.stringify({ answer, ivmHere: loaded.some((file) => file.includes("/node_modules/isolated-vm/")) }));`;
    const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: "" },
    });
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ answer: version, ivmHere: false });
  }, 60_000);
});

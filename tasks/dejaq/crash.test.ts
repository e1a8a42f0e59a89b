import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runDejaqLoop, STORE_FILE } from "./loop.js";
import { OFFLINE_MUTATORS } from "./mutators/index.js";
import { PROCESS_CONFIG, simulatedSource } from "./run-process.js";
import { openDejaqStore } from "./store.js";

const script = fileURLToPath(new URL("./run-process.ts", import.meta.url));

/** Runs the loop in a child process and SIGKILLs it once it has printed `afterSteps` steps. */
function runAndKill(dir: string, afterSteps: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--no-node-snapshot", "--import", "tsx", script, dir, "100000"], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let seen = 0;
    child.stdout.on("data", (chunk) => {
      seen += String(chunk).split("\n").filter(Boolean).length;
      if (seen >= afterSteps) child.kill("SIGKILL");
    });
    child.on("exit", (_code, signal) => resolve(signal === "SIGKILL"));
  });
}

describe("a DéjàQ run killed mid-step", () => {
  it("resumes from its last whole step and ends where an uninterrupted run ends", {
    timeout: 60_000,
  }, async () => {
    const killed = mkdtempSync(join(tmpdir(), "dejaq-killed-"));
    expect(await runAndKill(killed, 3)).toBe(true);
    const store = openDejaqStore(join(killed, STORE_FILE), { readonly: true });
    const reached = store.lastStep();
    store.close();
    expect(reached).toBeGreaterThanOrEqual(3);
    const target = reached + 2;
    const options = { config: PROCESS_CONFIG, mutators: OFFLINE_MUTATORS };
    const resumed = await runDejaqLoop({
      ...options,
      dir: killed,
      steps: target,
      student: simulatedSource(),
    });
    expect(resumed.resumedFrom).toBe(reached);
    const straight = await runDejaqLoop({
      ...options,
      dir: mkdtempSync(join(tmpdir(), "dejaq-straight-")),
      steps: target,
      student: simulatedSource(),
    });
    expect(resumed.steps.at(-1)).toEqual(straight.steps.at(-1));
  });
});

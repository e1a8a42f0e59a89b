import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../internal/random.js";
import { openRunStore } from "../store/run-store.js";

const script = fileURLToPath(new URL("./toy-run-process.ts", import.meta.url));
const GENERATIONS = 16;
const CHILDREN = 2;

/**
 * Runs the toy evolution in a child process. With `kill`, sends SIGKILL `kill.delayMs` after the
 * child has reported `kill.afterEvents` events: the kill lands mid-run however fast the run is.
 */
function runToy(
  runDir: string,
  agentDir: string,
  kill?: { afterEvents: number; delayMs: number },
): Promise<{ killed: boolean; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--no-node-snapshot", "--import", "tsx", script, runDir, agentDir],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    let events = 0;
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
    });
    child.stdout.on("data", (chunk) => {
      events += String(chunk).split("\n").filter(Boolean).length;
      if (kill && !timer && events >= kill.afterEvents) {
        timer = setTimeout(() => child.kill("SIGKILL"), kill.delayMs);
      }
    });
    child.on("exit", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ killed: signal === "SIGKILL", code, stderr });
    });
  });
}

function refs(runDir: string): string[] {
  const out = execFileSync(
    "git",
    ["--git-dir", join(runDir, "program.git"), "for-each-ref", "--format=%(refname)", "refs/archive/"],
    {
      encoding: "utf8",
    },
  );
  return out
    .split("\n")
    .filter(Boolean)
    .map((ref) => ref.replace("refs/archive/", ""))
    .sort();
}

/** What must hold after any kill: finished nodes are whole, refs match the store, no slot twice. */
function checkArchive(runDir: string) {
  if (!existsSync(join(runDir, "run.sqlite"))) return { finished: 0 };
  const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
  const nodes = store.nodes();
  const slots = new Set(nodes.map((node) => `${node.generation}/${node.slot}`));
  expect(slots.size).toBe(nodes.length);
  for (const node of nodes.filter((n) => n.status === "valid")) {
    expect(node.score).not.toBeNull();
    expect(store.scores(node.id).length).toBeGreaterThan(0);
  }
  const finished = nodes.filter((n) => n.status !== "pending");
  store.close();
  return { finished: finished.length };
}

describe("resume after SIGKILL", () => {
  it("loses at most the children in flight, never duplicates a node, and reaches every generation", async () => {
    const root = mkdtempSync(join(tmpdir(), "ha-resume-"));
    const runDir = join(root, "run");
    const agentDir = join(root, "agent");
    const random = seededRandom(2024);
    let kills = 0;
    let previous = 0;
    for (let attempt = 0; attempt < 8; attempt++) {
      const result = await runToy(runDir, agentDir, {
        afterEvents: 2 + Math.floor(random() * 10),
        delayMs: Math.floor(random() * 40),
      });
      if (!result.killed) {
        expect(result.code, result.stderr).toBe(0);
        break;
      }
      kills++;
      const { finished } = checkArchive(runDir);
      // Finished nodes are never lost by a kill.
      expect(finished).toBeGreaterThanOrEqual(previous);
      previous = finished;
    }
    expect(kills).toBeGreaterThanOrEqual(3);
    const final = await runToy(runDir, agentDir);
    expect(final.code, final.stderr).toBe(0);

    const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
    const nodes = store.nodes();
    expect(nodes).toHaveLength(1 + GENERATIONS * CHILDREN);
    expect(nodes.filter((node) => node.status === "pending")).toEqual([]);
    for (let generation = 1; generation <= GENERATIONS; generation++) {
      expect(store.generationStatus(generation)).toBe("done");
    }
    // Every committed node has its ref and no ref is left from a discarded child.
    const committed = nodes
      .filter((node) => node.commit !== null || node.id === "initial")
      .map((node) => node.id);
    expect(refs(runDir)).toEqual([...committed].sort());
    store.close();
    expect(readdirSync(join(runDir, "worktrees")).filter((name) => !name.startsWith("."))).toEqual([]);
  }, 180_000);
});

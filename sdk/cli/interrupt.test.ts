import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SHIPPED_AGENTS } from "../evolve/agents.js";
import { openRunStore } from "../store/run-store.js";

const bin = fileURLToPath(new URL("../../bin/hyperagents.js", import.meta.url));
const ARGS = ["--task", "circle-packing", "--model", "offline", "--generations", "2"];
const MORE = ["--children", "2", "--parallel", "2", "--seed", "7"];

/** The offline hyperagent with a meta agent that thinks for a while first, so Ctrl-C lands mid-step. */
function slowMetaAgent(dir: string): string {
  cpSync(SHIPPED_AGENTS.offline, dir, { recursive: true });
  const path = join(dir, "meta_agent.ts");
  const source = readFileSync(path, "utf8").replace(
    "export async function improve(",
    "async function improveNow(",
  );
  writeFileSync(
    path,
    `${source}\nexport async function improve(ctx: MetaAgentContext) {\n  const until = Date.now() + 1500;\n  while (Date.now() < until) {}\n  return improveNow(ctx);\n}\n`,
  );
  return dir;
}

/**
 * Runs the real command in its own process group, as a terminal does. With `interruptAt`, Ctrl-C
 * (SIGINT to the whole group, esbuild's service included) lands once stderr matches it.
 */
function hyperagents(args: string[], interruptAt?: RegExp): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--no-node-snapshot", bin, "evolve", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
      env: { ...process.env, OPENAI_API_KEY: "", ANTHROPIC_API_KEY: "" },
    });
    let stderr = "";
    let sent = false;
    child.stdout.resume();
    child.stderr.on("data", (chunk) => {
      stderr += String(chunk);
      if (interruptAt && !sent && interruptAt.test(stderr) && child.pid) {
        sent = true;
        process.kill(-child.pid, "SIGINT");
      }
    });
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

function archive(runDir: string) {
  const store = openRunStore(join(runDir, "run.sqlite"), { readonly: true });
  const nodes = store
    .nodes()
    .map((n) => ({ id: n.id, status: n.status, tree: n.tree, reject: n.rejectStage }));
  const selectable = store.nodes().map((n) => `${n.id}:${n.selectable}`);
  store.close();
  return { nodes, selectable };
}

describe("Ctrl-C in a terminal", () => {
  it("records the children in flight as not done: after a resume the archive equals a clean run's", async () => {
    const root = mkdtempSync(join(tmpdir(), "ha-interrupt-"));
    const interrupted = join(root, "interrupted");
    const agent = slowMetaAgent(join(root, "agent"));
    // The initial program is scored: the first children are now in their meta step.
    const first = await hyperagents(
      [...ARGS, ...MORE, "--agent", agent, "--out", interrupted],
      /^ {2}initial /m,
    );
    expect(first.stderr).toMatch(/stopping after the children in flight/);
    expect(first.code, first.stderr).toBe(0);
    const resumed = await hyperagents(["--resume", interrupted]);
    expect(resumed.code, resumed.stderr).toBe(0);

    const clean = join(root, "clean");
    const reference = await hyperagents([...ARGS, ...MORE, "--agent", agent, "--out", clean]);
    expect(reference.code, reference.stderr).toBe(0);
    expect(archive(interrupted)).toEqual(archive(clean));
  }, 240_000);
});

/**
 * The offline DéjàQ mutation strategy (agents/dejaq-offline) in the real sandbox: every child it
 * writes passes the host's exact checks, its meta agent edits params.ts (and its own policy) into
 * a program that still compiles, and a short `evolve` on the dejaq task runs from it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { evaluateProgram } from "../../evals/evaluate-program.js";
import { checkProgram, HYPERAGENT_CONTRACT } from "../../sandbox/check-program.js";
import { createSandbox } from "../../sandbox/index.js";
import { withMetaEntry } from "../../sdk/evolve/agents.js";
import { evolve } from "../../sdk/evolve/evolve.js";
import { createOfflineModel } from "../../sdk/llm/offline.js";
import { countSteps, type Problem } from "../../tasks/dejaq/problem.js";
import { createDejaqTask } from "../../tasks/dejaq/task.js";
import type { MetaData } from "../dejaq-offline/types.js";
import { changedPaths, copyProgram, readProgram } from "./program-files.js";

const DIR = fileURLToPath(new URL("../dejaq-offline/", import.meta.url));

/** A cheap fixed student: longer problems and more numbers make it fail more often. */
const student = async () => (problem: Problem) =>
  Math.max(0, Math.min(1, 1.1 - 0.2 * countSteps(problem.program.expr) - 0.03 * problem.body.length));

const task = createDejaqTask({ student, instances: { train: 8, val: 4, test: 4 } });
const sandbox = createSandbox();
afterAll(async () => sandbox.dispose());

describe("the offline DéjàQ mutation strategy", () => {
  it("writes a valid child for every parent (evaluateProgram in the sandbox)", async () => {
    const result = await evaluateProgram({
      files: await readProgram(DIR),
      task,
      split: "train",
      model: createOfflineModel(),
      concurrency: 2,
    });
    expect(result.instances).toBe(8);
    expect(result.failures).toBe(0);
    for (const r of result.results) expect(r.details).toMatchObject({ valid: true });
    expect(result.mean).toBeGreaterThan(0);
  }, 60_000);

  it("its meta agent edits params.ts and its policy, and the child compiles", async () => {
    const dir = await copyProgram(DIR);
    try {
      const before = await readProgram(dir);
      const evaluation = (nodeId: string, score: number) => ({
        nodeId,
        taskId: "dejaq",
        split: "train",
        score,
        instances: [{ id: "train-0", score }],
      });
      const data: MetaData = {
        nodeId: "child",
        parentId: "p",
        generation: 2,
        iterationsLeft: 5,
        tasks: [{ id: "dejaq", description: "" }],
        evaluations: [evaluation("p", 0.6), evaluation("g", 0.5)],
        peers: [],
      };
      const result = await sandbox.run({
        files: withMetaEntry(before),
        entry: "__hyperagents_meta_entry.ts",
        export: "run",
        input: null,
        capabilities: { files: { root: dir }, data },
        limits: { timeoutMs: 20_000 },
        seed: 5,
      });
      expect(result.ok, result.ok ? "" : result.message).toBe(true);
      const after = await readProgram(dir);
      const changed = changedPaths(before, after);
      expect(changed).toContain("params.ts");
      expect(changed).toContain("meta_policy.ts");
      expect(await checkProgram(after, HYPERAGENT_CONTRACT)).toMatchObject({ ok: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it("evolve --task dejaq --model offline runs two generations from it", async () => {
    const runDir = join(await mkdtemp(join(tmpdir(), "dejaq-evolve-")), "run");
    try {
      const summary = await evolve({
        runDir,
        tasks: [task],
        agentDir: DIR,
        model: "offline",
        generations: 2,
        children: 2,
        seed: 1,
      });
      expect(summary.reason).toBe("done");
      expect(summary.bestScore).toBeGreaterThan(0);
    } finally {
      await rm(join(runDir, ".."), { recursive: true, force: true });
    }
  }, 120_000);
});

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSolution } from "../../../sandbox/solution/run-solution.js";
import { csvCell } from "../../../sandbox/solution/runtime.js";
import type { AirsScore, AirsTask, Row } from "../../airs/format.js";
import { scoreSubmission } from "../../airs/score.js";
import { solveInRunner } from "../../airs/suite/solve-in-runner.js";
import { loadResearchTask } from "../index.js";
import { evaluate } from "./evaluate.js";
import { generate } from "./generate.js";
import { heldOutInstructions, instructionText, isHeldOut, parseInstruction } from "./kit/instructions.js";
import type { PolicyWeights } from "./kit/policy.js";

const SMOKE = { env: { HYPERAGENTS_SMOKE: "1" }, timeLimitMs: 110_000 };

/** A policy of the given layer sizes with every weight `value`. */
function filled(sizes: number[], value: number): PolicyWeights {
  return {
    layers: sizes.slice(1).map((out, l) => ({
      w: Array.from({ length: sizes[l]! }, () => new Array<number>(out).fill(value)),
      b: new Array<number>(out).fill(0),
    })),
  };
}

describe("research/hypernet", () => {
  let task: AirsTask;
  let work: string;
  let naive: AirsScore;
  let reference: AirsScore;

  beforeAll(async () => {
    task = await loadResearchTask("hypernet");
    work = await mkdtemp(join(tmpdir(), "research-hypernet-"));
    // Both at once: each is one single-threaded process.
    [naive, reference] = (await Promise.all(
      ["naive", "reference"].map(
        async (name) => (await solveInRunner(task, `${name}.ts`, join(work, name), SMOKE)).score,
      ),
    )) as [AirsScore, AirsScore];
  }, 240_000);

  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it("generates the same data for a seed: demonstrations of training instructions, held-out ones to test", () => {
    const splits = generate(5);
    expect(JSON.stringify(generate(5))).toBe(JSON.stringify(splits));
    expect(JSON.stringify(generate(6).train.slice(0, 3))).not.toBe(JSON.stringify(splits.train.slice(0, 3)));
    expect(splits.test.map((row) => row.instruction)).toEqual(heldOutInstructions().map(instructionText));
    expect(splits.test.every((row) => Object.keys(row).join() === "instruction")).toBe(true);
    expect(splits.testWithLabels.every((row) => typeof row.eval_seed === "number")).toBe(true);
    for (const row of [...splits.train, ...(splits.validation ?? [])]) {
      expect(isHeldOut(parseInstruction(String(row.instruction)))).toBe(false);
      expect((row.obs as number[][]).length).toBe((row.actions as number[][]).length);
    }
  });

  it("runs the reference (hypernetwork) and naive (monolithic) solutions: the reference is better", () => {
    expect(naive.valid && reference.valid).toBe(true);
    expect(reference.score).toBeGreaterThan(naive.score ?? 1);
  });

  it("scores the same policies the same on every call (fixed hidden seeds)", () => {
    const { testWithLabels } = generate(task.metadata.dataSeed ?? 11);
    const rows = testWithLabels.map((row) => ({
      instruction: row.instruction,
      policy: JSON.stringify(filled([12, 8, 3], 0.3)),
    }));
    expect(evaluate(rows, testWithLabels)).toEqual(evaluate(rows, testWithLabels));
  });

  it("refuses policies over the cap, malformed policies and rows out of order, with a reason", async () => {
    const test = generate(task.metadata.dataSeed ?? 11).test;
    const submit = async (rows: Row[]) => {
      const file = join(work, `submission-${Math.random().toString(36).slice(2)}.csv`);
      const lines = [
        "instruction,policy",
        ...rows.map((r) => `${csvCell(r.instruction)},${csvCell(r.policy)}`),
      ];
      await writeFile(file, `${lines.join("\n")}\n`);
      return scoreSubmission(task, file);
    };
    const valid = test.map((row) => ({
      instruction: row.instruction,
      policy: filled([12, 32, 32, 3], 0.01),
    }));
    expect((await submit(valid)).valid).toBe(true);
    const over = valid.map((row, i) => (i === 2 ? { ...row, policy: filled([12, 40, 32, 3], 0.01) } : row));
    expect(await submit(over)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/row 3: .*over the cap/),
    });
    const broken = valid.map((row, i) => (i === 0 ? { ...row, policy: "{not json" } : row));
    expect(await submit(broken)).toMatchObject({ valid: false, reason: expect.stringMatching(/not JSON/) });
    const swapped = [valid[1]!, valid[0]!, ...valid.slice(2)];
    expect(await submit(swapped)).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/in test order/),
    });
  });

  it("lets an agent's solution import the kit from its work folder", async () => {
    // A do-nothing policy per test row, built with the kit's own modules: valid, and it never succeeds.
    const source = [
      'import { readSplit, writeSubmission } from "hyperagents/solution";',
      'import { parseInstruction } from "./kit/instructions.js";',
      'import { parsePolicy } from "./kit/policy.js";',
      'import { ACT_DIM, OBS_DIM } from "./kit/sim.js";',
      "const test = await readSplit('test');",
      "const zero = { layers: [{ w: Array.from({ length: OBS_DIM }, () => new Array(ACT_DIM).fill(0)), b: new Array(ACT_DIM).fill(0) }] };",
      "parsePolicy(zero);",
      "await writeSubmission(test.map((row) => (parseInstruction(String(row.instruction)), { instruction: row.instruction, policy: zero })), ['instruction', 'policy']);",
    ].join("\n");
    const run = await runSolution({
      solution: { source, filename: "solution.ts" },
      workDir: join(work, "agent"),
      dataDir: task.dataDir,
      ...(task.kitDir === undefined ? {} : { kitDir: task.kitDir }),
      timeLimitMs: 60_000,
      backend: "wasm",
    });
    expect(run.submissionPath, run.error ?? run.stderrTail).not.toBeNull();
    expect(await scoreSubmission(task, run.submissionPath!)).toMatchObject({ valid: true, score: 0 });
  }, 90_000);
});

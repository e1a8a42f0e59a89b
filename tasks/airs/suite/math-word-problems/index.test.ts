import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AirsScore, AirsTask } from "../../format.js";
import { goldSelfTest } from "../../gold.js";
import { loadBundledAirsTask } from "../../load-task.js";
import { solveInRunner } from "../solve-in-runner.js";
import { executeEquation, numbersIn } from "./equation.js";
import { evaluate } from "./evaluate.js";
import { generate } from "./generate.js";

const solve = async (task: AirsTask, script: string, workDir: string): Promise<AirsScore> =>
  (await solveInRunner(task, script, workDir)).score;

describe("airs/math-word-problems", () => {
  let task: AirsTask;
  let work: string;
  let naive: AirsScore;
  let reference: AirsScore;

  beforeAll(async () => {
    task = await loadBundledAirsTask("math-word-problems");
    work = await mkdtemp(join(tmpdir(), "airs-math-"));
    naive = await solve(task, "naive.ts", join(work, "naive"));
    reference = await solve(task, "reference.ts", join(work, "reference"));
  }, 120_000);

  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it("generates the same problems for a seed, with the answer and equation only outside test", () => {
    const splits = generate(7);
    expect(JSON.stringify(generate(7))).toBe(JSON.stringify(splits));
    expect(JSON.stringify(generate(8).test)).not.toBe(JSON.stringify(splits.test));
    const rows =
      splits.train.length +
      (splits.validation?.length ?? 0) +
      splits.test.length +
      splits.testWithLabels.length;
    expect(rows).toBeLessThanOrEqual(10_000);
    expect(splits.test).toHaveLength(splits.testWithLabels.length);
    splits.test.forEach((row, i) => {
      const { Answer, ...inputs } = splits.testWithLabels[i]!;
      expect(row).toEqual(inputs);
      expect(Object.keys(row).sort()).toEqual(["Body", "ID", "Question"]);
      expect(Number.isInteger(Answer)).toBe(true);
    });
  });

  it("labels every problem with its equation executed on its numbers: a non-negative integer", () => {
    const { train, validation = [] } = generate(7);
    for (const row of [...train, ...validation]) {
      const numbers = numbersIn(`${row.Body} ${row.Question}`);
      const answer = executeEquation(String(row.Equation), numbers);
      expect(answer).toBe(row.Answer);
      expect(Number.isInteger(answer) && answer >= 0).toBe(true);
    }
    expect(new Set(train.map((row) => row.Equation)).size).toBeGreaterThanOrEqual(10);
    expect(executeEquation("( number0 + number1 ) / number2 - number3 * number4", [7, 5, 4, 1, 2])).toBe(1);
  });

  it("scores the gold at the optimum and permuted golds worse", async () => {
    const { gold, adjacentSwap, shuffled } = await goldSelfTest(task);
    expect(gold).toMatchObject({ valid: true, score: 1 });
    expect(adjacentSwap.valid && shuffled.valid).toBe(true);
    expect(adjacentSwap.score).toBeLessThan(1);
    expect(shuffled.score).toBeLessThan(adjacentSwap.score ?? 1);
  });

  it("runs the naive solution to the estimated worst score", () => {
    expect(naive.valid).toBe(true);
    expect(naive.score).toBeCloseTo(task.metadata.estimatedWorstScore, 9);
    expect(naive.normalizedScore).toBeLessThan(1e-3);
  });

  it("runs the reference solution to the SOTA score, far better than naive", () => {
    const sota = task.metadata.sota[0]!;
    expect(sota.source).toBe("reference-solution");
    expect(reference.valid).toBe(true);
    expect(Math.abs((reference.score ?? 0) - sota.score) / sota.score).toBeLessThan(0.02);
    expect(reference.score).toBeGreaterThan(0.8);
    expect(reference.score).toBeLessThan(1);
    expect(reference.normalizedScore).toBeGreaterThan(0.95);
    expect(reference.normalizedScore).toBeLessThan(1.05);
  });

  it("compares integer parts, and rejects a non-number or a missing row as invalid", () => {
    const labels = [{ Answer: 12 }, { Answer: 3 }];
    expect(evaluate([{ Answer: "12.9" }, { Answer: "4" }], labels).Accuracy).toBe(0.5);
    expect(() => evaluate([{ Answer: "12" }, { Answer: "three" }], labels)).toThrow(/row 2/);
    expect(() => evaluate([{ Answer: "12" }], labels)).toThrow(/rows/);
  });
});

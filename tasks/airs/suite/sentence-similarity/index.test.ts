import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AirsScore, AirsTask } from "../../format.js";
import { goldSelfTest } from "../../gold.js";
import { loadBundledAirsTask } from "../../load-task.js";
import { solveInRunner } from "../solve-in-runner.js";
import { evaluate } from "./evaluate.js";
import { exactTestRelatedness, generate } from "./generate.js";

const solve = async (task: AirsTask, script: string, workDir: string): Promise<AirsScore> =>
  (await solveInRunner(task, script, workDir)).score;

describe("airs/sentence-similarity", () => {
  let task: AirsTask;
  let work: string;
  let naive: AirsScore;
  let reference: AirsScore;

  beforeAll(async () => {
    task = await loadBundledAirsTask("sentence-similarity");
    work = await mkdtemp(join(tmpdir(), "airs-similarity-"));
    naive = await solve(task, "naive.ts", join(work, "naive"));
    reference = await solve(task, "reference.ts", join(work, "reference"));
  }, 120_000);

  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it("generates the same pairs for a seed, with the score only outside test", () => {
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
      const { relatedness_score: score, ...inputs } = splits.testWithLabels[i]!;
      expect(row).toEqual(inputs);
      expect(score).toBeGreaterThanOrEqual(1);
      expect(score).toBeLessThanOrEqual(5);
      expect(Math.round((score as number) * 10) / 10).toBe(score);
    });
  });

  it("has an honest noise floor: the noiseless relatedness correlates below 1, above the reference", () => {
    const { testWithLabels } = generate(task.metadata.dataSeed ?? 7);
    const exact = exactTestRelatedness(task.metadata.dataSeed ?? 7).map((value) => ({
      relatedness_score: String(value),
    }));
    const floor = evaluate(exact, testWithLabels).SpearmanCorrelation;
    // The description quotes 0.906 for the canonical seed.
    expect(floor).toBeCloseTo(0.906, 3);
    expect(floor).toBeGreaterThan(reference.score ?? 1);
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
    expect(reference.score).toBeGreaterThan((naive.score ?? 0) + 0.2);
    expect(reference.normalizedScore).toBeGreaterThan(0.95);
    expect(reference.normalizedScore).toBeLessThan(1.05);
  });

  it("ranks by order only, and rejects a non-number or a missing row as invalid", () => {
    const labels = [{ relatedness_score: 1.5 }, { relatedness_score: 4.2 }, { relatedness_score: 3 }];
    expect(
      evaluate([{ relatedness_score: "-7" }, { relatedness_score: "90" }, { relatedness_score: "0" }], labels)
        .SpearmanCorrelation,
    ).toBeCloseTo(1, 12);
    expect(() => evaluate([{ relatedness_score: "high" }, ...labels.slice(1)], labels)).toThrow(/row 1/);
    expect(() => evaluate(labels.slice(1), labels)).toThrow(/rows/);
  });
});

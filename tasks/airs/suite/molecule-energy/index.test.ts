import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AirsScore, AirsTask } from "../../format.js";
import { goldSelfTest } from "../../gold.js";
import { loadBundledAirsTask } from "../../load-task.js";
import { solveInRunner } from "../solve-in-runner.js";
import { evaluate } from "./evaluate.js";
import { energy, generate, NOISE_SIGMA } from "./generate.js";

const solve = async (task: AirsTask, script: string, workDir: string): Promise<AirsScore> =>
  (await solveInRunner(task, script, workDir)).score;

describe("airs/molecule-energy", () => {
  let task: AirsTask;
  let work: string;
  let naive: AirsScore;
  let reference: AirsScore;

  beforeAll(async () => {
    task = await loadBundledAirsTask("molecule-energy");
    work = await mkdtemp(join(tmpdir(), "airs-molecule-"));
    naive = await solve(task, "naive.ts", join(work, "naive"));
    reference = await solve(task, "reference.ts", join(work, "reference"));
  }, 120_000);

  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it("generates the same molecules for a seed, with the energy only in train, validation and testWithLabels", () => {
    const splits = generate(7);
    // Compared as JSON text: thousands of nested rows are slow to deep-compare.
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
      const { energy: label, ...inputs } = splits.testWithLabels[i]!;
      expect(row).toEqual(inputs);
      expect(typeof label).toBe("number");
      expect(row.positions).toHaveLength((row.atoms as number[]).length);
    });
  });

  it("has an invariant energy and an honest noise floor of sigma * sqrt(2 / pi)", () => {
    const { testWithLabels } = generate(task.metadata.dataSeed ?? 7);
    const first = testWithLabels[0]!;
    const atoms = first.atoms as number[];
    const positions = first.positions as number[][];
    // Rotating by 90 degrees about z, shifting, and listing the atoms backwards leave the energy alone.
    const moved = positions.map(([x = 0, y = 0, z = 0]) => [-y + 3, x - 1, z + 2]).reverse();
    expect(energy([...atoms].reverse(), moved)).toBeCloseTo(energy(atoms, positions), 9);
    const exact = testWithLabels.map((row) => ({
      energy: String(energy(row.atoms as number[], row.positions as number[][])),
    }));
    const floor = evaluate(exact, testWithLabels).MeanAbsoluteError;
    // 2000 labels: the sample MAE of the noise is within a few percent of its expectation.
    expect(Math.abs(floor / (NOISE_SIGMA * Math.sqrt(2 / Math.PI)) - 1)).toBeLessThan(0.06);
    expect(floor).toBeLessThan(reference.score ?? 0);
  });

  it("scores the gold at the optimum and permuted golds worse", async () => {
    const { gold, adjacentSwap, shuffled } = await goldSelfTest(task);
    expect(gold).toMatchObject({ valid: true, score: 0 });
    expect(adjacentSwap.valid && shuffled.valid).toBe(true);
    expect(adjacentSwap.score).toBeGreaterThan(0);
    expect(shuffled.score).toBeGreaterThan(adjacentSwap.score ?? 0);
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
    expect(reference.score).toBeLessThan(0.1 * (naive.score ?? 0));
    expect(reference.normalizedScore).toBeGreaterThan(0.95);
    expect(reference.normalizedScore).toBeLessThan(1.05);
  });

  it("rejects a submission with a non-number or a missing row as invalid", () => {
    const { testWithLabels } = generate(7);
    const rows = testWithLabels.map(() => ({ energy: "-10" }));
    expect(() => evaluate([...rows.slice(1), { energy: "n/a" }], testWithLabels)).toThrow(
      /not a finite number/,
    );
    expect(() => evaluate(rows.slice(1), testWithLabels)).toThrow(/rows/);
  });
});

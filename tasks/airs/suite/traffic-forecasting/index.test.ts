import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AirsScore, AirsTask } from "../../format.js";
import { goldSelfTest } from "../../gold.js";
import { loadBundledAirsTask } from "../../load-task.js";
import { solveInRunner } from "../solve-in-runner.js";
import { evaluate } from "./evaluate.js";
import { generate, HISTORY, HORIZON, SERIES, simulatePanel } from "./generate.js";

const solve = solveInRunner;

describe("airs/traffic-forecasting", () => {
  let task: AirsTask;
  let work: string;
  let naive: AirsScore;
  let reference: AirsScore;

  beforeAll(async () => {
    task = await loadBundledAirsTask("traffic-forecasting");
    work = await mkdtemp(join(tmpdir(), "airs-traffic-"));
    naive = (await solve(task, "naive.ts", join(work, "naive"))).score;
    reference = (await solve(task, "reference.ts", join(work, "reference"))).score;
  }, 120_000);

  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it("generates the same panel for a seed, in the Monash protocol, with the labels only in testWithLabels", () => {
    const splits = generate(7);
    // Compared as JSON text: thousands of nested rows are slow to deep-compare.
    expect(JSON.stringify(generate(7))).toBe(JSON.stringify(splits));
    expect(JSON.stringify(generate(8).test)).not.toBe(JSON.stringify(splits.test));
    const rows = splits.train.length + splits.test.length + splits.testWithLabels.length;
    expect(rows).toBeLessThanOrEqual(10_000);
    expect(splits.test).toHaveLength(SERIES);
    splits.test.forEach((row, i) => {
      const train = splits.train[i]!;
      const labelled = splits.testWithLabels[i]!;
      expect(row).not.toHaveProperty("label_target");
      expect(row).toEqual({ series_id: labelled.series_id, target: labelled.target });
      // The test history is the train row's label; the label runs HORIZON days further.
      expect(train.target).toHaveLength(HISTORY);
      expect(row.target).toEqual(train.label_target);
      expect(labelled.label_target).toHaveLength(HISTORY + 2 * HORIZON);
      expect((labelled.label_target as number[]).slice(0, HISTORY + HORIZON)).toEqual(row.target);
    });
  });

  it("scores the gold at the optimum and permuted golds worse", async () => {
    const { gold, adjacentSwap, shuffled } = await goldSelfTest(task);
    expect(gold).toMatchObject({ valid: true, score: 0 });
    expect(adjacentSwap.valid && shuffled.valid).toBe(true);
    expect(adjacentSwap.score).toBeGreaterThan(0);
    expect(shuffled.score).toBeGreaterThan(adjacentSwap.score ?? 0);
  });

  it("has an honest noise floor: the oracle forecast beats the reference but not by everything", () => {
    const seed = task.metadata.dataSeed ?? 7;
    const { testWithLabels } = generate(seed);
    const oracle = simulatePanel(seed).map((parts, i) => {
      const history = testWithLabels[i]!.target as number[];
      const origin = history.length;
      const forecast = Array.from({ length: HORIZON }, (_, h) =>
        Math.max(0, parts.structural[origin + h]! + parts.noise[origin - 1]! * parts.phi ** (h + 1)),
      );
      return { label_target: JSON.stringify([...history, ...forecast]) };
    });
    const floor = evaluate(oracle, testWithLabels).MASE;
    expect(floor).toBeGreaterThan(0.4);
    expect(floor).toBeLessThan(reference.score ?? 0);
  });

  it("runs the naive solution to the estimated worst score", () => {
    expect(naive.valid).toBe(true);
    expect(naive.score).toBeCloseTo(task.metadata.estimatedWorstScore, 9);
    expect(naive.normalizedScore).toBe(0);
  });

  it("runs the reference solution to the SOTA score, clearly better than naive", () => {
    const sota = task.metadata.sota[0]!;
    expect(sota.source).toBe("reference-solution");
    expect(reference.valid).toBe(true);
    expect(Math.abs((reference.score ?? 0) - sota.score) / sota.score).toBeLessThan(0.02);
    expect(reference.score).toBeLessThan(0.8 * (naive.score ?? 0));
    expect(reference.normalizedScore).toBeGreaterThan(0.9);
    expect(reference.normalizedScore).toBeLessThan(1.1);
  });

  it("rejects a forecast of the wrong length as invalid", () => {
    const { testWithLabels } = generate(7);
    const short = testWithLabels.map((row) => ({ label_target: JSON.stringify(row.target) }));
    expect(() => evaluate(short, testWithLabels)).toThrow(/expected 182/);
  });
});

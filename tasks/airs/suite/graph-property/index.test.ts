import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AirsScore, AirsTask, Row } from "../../format.js";
import { goldSelfTest } from "../../gold.js";
import { loadBundledAirsTask } from "../../load-task.js";
import { solveInRunner } from "../solve-in-runner.js";
import { evaluate } from "./evaluate.js";
import { freeValence, type Graph, generate, NOISE_SIGMA, property } from "./generate.js";
import { largestRing, smallestRings } from "./rings.js";

const solve = async (task: AirsTask, script: string, workDir: string): Promise<AirsScore> =>
  (await solveInRunner(task, script, workDir)).score;

/** A row back into the generator's graph: each bond once, from its u < v direction. */
function toGraph(row: Row): Graph {
  const [src, dst] = row.edge_index as [number[], number[]];
  const orders = row.edge_attr as number[][];
  const bonds: [number, number, number][] = [];
  src.forEach((u, k) => {
    if (u < dst[k]!) bonds.push([u, dst[k]!, orders[k]![0]!]);
  });
  return { types: (row.node_feat as number[][]).map(([t = 0]) => t), bonds };
}

describe("airs/graph-property", () => {
  let task: AirsTask;
  let work: string;
  let naive: AirsScore;
  let reference: AirsScore;

  beforeAll(async () => {
    task = await loadBundledAirsTask("graph-property");
    work = await mkdtemp(join(tmpdir(), "airs-graph-"));
    naive = await solve(task, "naive.ts", join(work, "naive"));
    reference = await solve(task, "reference.ts", join(work, "reference"));
  }, 120_000);

  afterAll(async () => {
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it("generates the same graphs for a seed, valid molecules, with y only in the labelled splits", () => {
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
      const { y, ...inputs } = splits.testWithLabels[i]!;
      expect(row).toEqual(inputs);
      expect(typeof y).toBe("number");
    });
    for (const row of splits.train) {
      const graph = toGraph(row);
      expect(graph.types).toHaveLength(row.num_nodes as number);
      expect(Math.min(...freeValence(graph))).toBeGreaterThanOrEqual(0);
    }
  });

  it("reads ring sizes as the smallest cycle through each bond", () => {
    // A 6-ring (0..5) fused with a 4-ring (4, 5, 6, 7) on the bond 4-5, and a pendant atom 8.
    const bonds = [
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
      [4, 5],
      [5, 0],
      [5, 6],
      [6, 7],
      [7, 4],
      [0, 8],
    ];
    expect(smallestRings(9, bonds)).toEqual([6, 6, 6, 6, 4, 6, 4, 4, 4, 0]);
    expect(largestRing(9, bonds)).toBe(6);
    expect(
      largestRing(3, [
        [0, 1],
        [1, 2],
      ]),
    ).toBe(0);
  });

  it("has an honest noise floor of sigma * sqrt(2 / pi)", () => {
    const { testWithLabels } = generate(task.metadata.dataSeed ?? 7);
    const exact = testWithLabels.map((row) => ({ y: String(property(toGraph(row))) }));
    const floor = evaluate(exact, testWithLabels).MAE;
    // 1250 labels: the sample MAE of the noise is within a few percent of its expectation.
    expect(Math.abs(floor / (NOISE_SIGMA * Math.sqrt(2 / Math.PI)) - 1)).toBeLessThan(0.07);
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
    expect(naive.normalizedScore).toBe(0);
  });

  it("runs the reference solution to the SOTA score, clearly better than naive", () => {
    const sota = task.metadata.sota[0]!;
    expect(sota.source).toBe("reference-solution");
    expect(reference.valid).toBe(true);
    expect(Math.abs((reference.score ?? 0) - sota.score) / sota.score).toBeLessThan(0.02);
    expect(reference.score).toBeLessThan(0.25 * (naive.score ?? 0));
    expect(reference.normalizedScore).toBeGreaterThan(0.95);
    expect(reference.normalizedScore).toBeLessThan(1.05);
  });

  it("accepts ZINC's one-element list cells and rejects a non-number", () => {
    const { testWithLabels } = generate(7);
    const listed = testWithLabels.map((row) => ({ y: `[${row.y}]` }));
    expect(evaluate(listed, testWithLabels).MAE).toBe(0);
    expect(() => evaluate([{ y: "abc" }, ...listed.slice(1)], testWithLabels)).toThrow(/not a finite number/);
  });
});

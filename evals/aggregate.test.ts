import { describe, expect, it } from "vitest";
import { meanInterval, pairedDifference } from "../sdk/internal/stats.js";
import { evalTable, type TableLog } from "./aggregate.js";
import type { SampleRecord } from "./log.js";

function log(
  model: string,
  scores: Record<string, number>,
  reference: Record<string, number> = {},
): TableLog {
  const sample = (instance: string, score: number, isReference: boolean): SampleRecord => ({
    type: "sample",
    task: "toy",
    model,
    split: "test",
    instance,
    seed: 0,
    input: null,
    ...(isReference ? { reference: true } : {}),
    transcript: [],
    answer: null,
    score,
    error: null,
    details: null,
    tokens: { input: 10, output: 5 },
    costUsd: 0.01,
    wallMs: 100,
    at: "",
  });
  return {
    path: `${model}.eval.jsonl`,
    header: { task: "toy", model },
    samples: [
      ...Object.entries(scores).map(([instance, score]) => sample(instance, score, false)),
      ...Object.entries(reference).map(([instance, score]) => sample(instance, score, true)),
    ],
  };
}

describe("aggregates", () => {
  it("the mean's 95% interval is Student's t over the samples", () => {
    const { mean, ci } = meanInterval([0, 1, 0, 1]);
    expect(mean).toBe(0.5);
    // sd = 0.57735, se = 0.288675, t(3) = 3.182
    expect(ci[0]).toBeCloseTo(0.5 - 3.182 * 0.288675, 5);
    expect(ci[1]).toBeCloseTo(0.5 + 3.182 * 0.288675, 5);
    expect(meanInterval([0.4]).ci).toEqual([0.4, 0.4]);
  });

  it("pairs two models on the samples both answered, leaving reference samples out", () => {
    const a = log("a", { x: 0.9, y: 0.8, z: 0.7, only: 1 }, { base: 0.5 });
    const b = log("b", { x: 0.5, y: 0.5, z: 0.4 }, { base: 0.5 });
    const table = evalTable([a, b]);
    expect(table.cells.map((c) => [c.model, c.samples])).toEqual([
      ["a", 4],
      ["b", 3],
    ]);
    expect(table.paired).toHaveLength(1);
    const paired = table.paired[0]!;
    expect(paired.samples).toBe(3);
    const expected = pairedDifference([0.9, 0.8, 0.7], [0.5, 0.5, 0.4]);
    expect(paired.mean).toBeCloseTo(expected.mean, 10);
    expect(paired.ci[0]).toBeGreaterThan(0);
    // Cost and time count every sample, the baseline's too.
    expect(table.totals.find((t) => t.model === "a")).toMatchObject({
      samples: 4,
      tokens: { input: 50, output: 25 },
    });
  });

  it("refuses two logs of the same task and model", () => {
    expect(() =>
      evalTable([log("a", { x: 1 }), { ...log("a", { x: 0 }), path: "other.eval.jsonl" }]),
    ).toThrow(/both hold toy on a/);
  });
});

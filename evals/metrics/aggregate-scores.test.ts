import { describe, expect, it } from "vitest";
import {
  aggregateIqm,
  aggregateMean,
  aggregateMedian,
  aggregateScores,
  completeRows,
} from "./aggregate-scores.js";

// 2 seeds × 3 tasks. Task means [0.1, 0.5, 0.8].
const matrix = [
  [0, 0.5, 1],
  [0.2, 0.5, 0.6],
];

describe("rliable-style aggregates", () => {
  it("computes mean and median of per-task means, and the IQM of all entries", () => {
    expect(aggregateMean(matrix)).toBeCloseTo(1.4 / 3, 12);
    expect(aggregateMedian(matrix)).toBe(0.5);
    // Sorted entries [0, 0.2, 0.5, 0.5, 0.6, 1]; trim ⌊6/4⌋ = 1 each end; mean of
    // [0.2, 0.5, 0.5, 0.6] = 0.45 (scipy's trim_mean gives the same).
    expect(aggregateIqm(matrix)).toBeCloseTo(0.45, 12);
  });

  it("drops seeds with a missing task, as the notebook's dropna", () => {
    expect(
      completeRows([
        [1, Number.NaN],
        [0.5, 0.5],
      ]),
    ).toEqual([[0.5, 0.5]]);
  });

  it("gives seeded, deterministic stratified-bootstrap intervals around the point estimate", () => {
    const a = aggregateScores(matrix, { resamples: 2000, seed: 7 });
    const b = aggregateScores(matrix, { resamples: 2000, seed: 7 });
    expect(a).toEqual(b);
    expect(a.seeds).toBe(2);
    expect(a.tasks).toBe(3);
    for (const estimate of [a.mean, a.median, a.iqm]) {
      expect(estimate.ci[0]).toBeLessThanOrEqual(estimate.value);
      expect(estimate.ci[1]).toBeGreaterThanOrEqual(estimate.value);
    }
    // Resampling seeds within tasks: the mean ranges over task means of {0, 0.2}, {0.5}, {1, 0.6},
    // so it lies within [(0 + 0.5 + 0.6)/3, (0.2 + 0.5 + 1)/3].
    expect(a.mean.ci[0]).toBeGreaterThanOrEqual(1.1 / 3 - 1e-12);
    expect(a.mean.ci[1]).toBeLessThanOrEqual(1.7 / 3 + 1e-12);
    expect(a.mean.ci[1]).toBeGreaterThan(a.mean.ci[0]);
  });

  it("collapses the interval when seeds agree", () => {
    const same = aggregateScores(
      [
        [0.3, 0.7],
        [0.3, 0.7],
      ],
      { resamples: 500 },
    );
    expect(same.mean).toEqual({ value: 0.5, ci: [0.5, 0.5] });
    expect(() => aggregateScores([])).toThrow(RangeError);
  });
});

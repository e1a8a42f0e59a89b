import { describe, expect, it } from "vitest";
import { InvalidSubmissionError } from "./cells.js";
import { averageRanks, scoreSpearman, spearman } from "./spearman.js";

describe("Spearman (scipy spearmanr)", () => {
  it("ranks ties by their average rank", () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });

  it("is the Pearson correlation of the ranks: a worked example with ties", () => {
    // ranks x = [1, 2.5, 2.5, 4], y = [1, 3, 2, 4]; deviations from 2.5:
    // dx = [−1.5, 0, 0, 1.5], dy = [−1.5, 0.5, −0.5, 1.5]; Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5;
    // r = 4.5 / √22.5 = 3/√10 ≈ 0.948683 (scipy gives the same).
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(3 / Math.sqrt(10), 12);
    expect(spearman([1, 2, 3], [30, 20, 10])).toBe(-1);
  });

  it("is NaN for a constant sample, as scipy", () => {
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it("scores rows and rejects unparsable values", () => {
    const labels = [{ s: 1.5 }, { s: 3.2 }, { s: 4.9 }];
    expect(scoreSpearman([{ s: "0.1" }, { s: "0.2" }, { s: "0.3" }], labels, "s")).toBeCloseTo(1, 12);
    expect(() => scoreSpearman([{ s: "0.1" }, { s: "high" }, { s: "0.3" }], labels, "s")).toThrow(
      InvalidSubmissionError,
    );
  });
});

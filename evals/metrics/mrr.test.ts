import { describe, expect, it } from "vitest";
import { meanReciprocalRank, reciprocalRank, roundHalfEven, scoreMrr } from "./mrr.js";

describe("MRR (CodeXGLUE calculate_scores)", () => {
  it("is the mean of 1/rank, 0 when absent, rounded to 4 decimals", () => {
    // q1: id 3 first → 1; q2: id 5 third → 1/3; q3: id 7 absent → 0. (1 + 1/3)/3 = 0.4444…
    const labels = [
      { query: "q1", id: 3 },
      { query: "q2", id: 5 },
      { query: "q3", id: 7 },
    ];
    const preds = [
      { query: "q1", rankings: "[3, 1]" },
      { query: "q2", rankings: "[1, 2, 5]" },
      { query: "q3", rankings: "[1]" },
    ];
    expect(scoreMrr(preds, labels, "id")).toBe(0.4444);
  });

  it("keys both sides by query text: a repeated query keeps its last row and counts once", () => {
    const answers = new Map<string, unknown>([["q", 9]]);
    const rankings = new Map<string, readonly unknown[]>([["q", [1, 9]]]);
    expect(meanReciprocalRank(answers, rankings)).toBe(0.5);
    const labels = [
      { query: "q", id: 3 },
      { query: "q", id: 9 },
    ];
    const preds = [
      { query: "q", rankings: "[9]" },
      { query: "q", rankings: "[1, 9]" },
    ];
    expect(scoreMrr(preds, labels, "id")).toBe(0.5);
  });

  it("matches ids by value across number and text (CSV labels are text)", () => {
    expect(reciprocalRank([1, 12], "12")).toBe(0.5);
    expect(reciprocalRank(["a", "b"], "b")).toBe(0.5);
  });

  it("is invalid for a labelled query without a ranking, or rankings that are no list", () => {
    const labels = [{ query: "q1", id: 1 }];
    expect(() => scoreMrr([{ query: "other", rankings: "[1]" }], labels, "id")).toThrow(
      'no ranking for the query "q1"',
    );
    expect(() => scoreMrr([{ query: "q1", rankings: "1, 2" }], labels, "id")).toThrow("is not a JSON list");
    expect(() => scoreMrr([{ query: "q1" }], labels, "id")).toThrow("submission has no column 'rankings'");
  });

  it("rounds half to even as numpy", () => {
    expect(roundHalfEven(0.5, 0)).toBe(0);
    expect(roundHalfEven(1.5, 0)).toBe(2);
    expect(roundHalfEven(2.5, 0)).toBe(2);
    expect(roundHalfEven(0.44444444, 4)).toBe(0.4444);
  });
});

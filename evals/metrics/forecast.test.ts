import { describe, expect, it } from "vitest";
import { InvalidSubmissionError } from "./cells.js";
import { horizonLabels, meanAbsoluteScaledError, scoreMase, scoreMaskedMae } from "./forecast.js";
import { meanAbsoluteError, scoreMae } from "./mae.js";

describe("MAE (QM9, ZINC)", () => {
  it("averages absolute errors: |1−2| + |3−3| + |0.5−(−0.5)| = 2 over 3", () => {
    const labels = [{ y: 2 }, { y: 3 }, { y: -0.5 }];
    expect(scoreMae([{ y: "1" }, { y: " 3 " }, { y: "[0.5]" }], labels, "y")).toBeCloseTo(2 / 3, 12);
    expect(meanAbsoluteError([1, 2], [1, 4])).toBe(1);
  });

  it("is invalid for a non-finite or unparsable prediction", () => {
    for (const bad of ["NaN", "", "x", "[]"]) {
      expect(() => scoreMae([{ y: bad }], [{ y: 1 }], "y")).toThrow(InvalidSubmissionError);
    }
  });
});

describe("MASE (sktime, naive-1 scaling)", () => {
  it("matches sktime's documented example", () => {
    // naive-1 MAE of the training series: (4.5+3.5+2+3+2+3)/6 = 3;
    // forecast MAE: (0.5+0.5+0+1+0.75)/5 = 0.55; MASE = 0.55/3.
    const train = [5, 0.5, 4, 6, 3, 5, 2];
    expect(meanAbsoluteScaledError([3, -0.5, 2, 7, 2], [2.5, 0, 2, 8, 1.25], train)).toBeCloseTo(
      0.55 / 3,
      14,
    );
  });

  it("scores full series from len(target), masks missing truth, skips constant training series", () => {
    const labels = [
      // History [1,2,4]: naive MAE (1+2)/2 = 1.5; horizon [5,7] vs [6,6]: MAE 1; MASE 2/3.
      { target: [1, 2, 4], label_target: [1, 2, 4, 5, 7] },
      // Constant history: skipped, whatever the forecast.
      { target: [3, 3, 3], label_target: [3, 3, 3, 3, 3] },
      // History [0, NaN, 2] (train size 3, NaN dropped → [0, 2], naive MAE 2); truth NaN at step 4
      // is masked; step 5: |10 − 6| = 4; MASE 4/2 = 2.
      { target: [0, Number.NaN, 2], label_target: [0, Number.NaN, 2, Number.NaN, 10] },
    ];
    const preds = [
      { label_target: "[0, 0, 0, 6, 6]" },
      { label_target: "[3, 3, 3, 100, 100]" },
      { label_target: "[NaN, NaN, NaN, NaN, 6]" },
    ];
    // Mean over the two scored series: (2/3 + 2)/2 = 4/3.
    expect(scoreMase(preds, labels, "")).toBeCloseTo(4 / 3, 12);
  });

  it("is invalid for a wrong length, a missing forecast value or text that is no list", () => {
    const labels = [{ target: [1, 2], label_target: [1, 2, 3] }];
    expect(() => scoreMase([{ label_target: "[1, 2]" }], labels, "label_target")).toThrow(
      "the list has 2 values; expected 3",
    );
    expect(() => scoreMase([{ label_target: "[1, 2, NaN]" }], labels, "label_target")).toThrow(
      "forecast value 3 is NaN, not a number",
    );
    expect(() => scoreMase([{ label_target: "1,2,3" }], labels, "label_target")).toThrow(
      "is not a JSON list",
    );
  });

  it("gives NaN when no series can be scored, as numpy's mean of nothing", () => {
    const labels = [{ target: [3, 3], label_target: [3, 3, 4] }];
    expect(scoreMase([{ label_target: [3, 3, 4] }], labels, "label_target")).toBeNaN();
  });
});

describe("masked MAE (Rideshare, Solar Weekly)", () => {
  it("scores Solar's layout: the horizon is label_target after len(target)", () => {
    // Horizon [10, 20] vs [11, NaN]: only |11 − 10| counts.
    const labels = [{ target: [1, 2], label_target: [1, 2, 10, 20] }];
    expect(scoreMaskedMae([{ label_target: "[11, NaN]" }], labels, "")).toBe(1);
  });

  it("expands Rideshare's multi-series rows into one submission row per series", () => {
    // Series 1: history [1], horizon [2, 3]; series 2: history [4], horizon [5, NaN].
    const labels = [
      {
        target: [[1], [4]],
        label_target: [
          [1, 2, 3],
          [4, 5, Number.NaN],
        ],
      },
    ];
    expect(horizonLabels(labels, "label_target")).toEqual([
      [2, 3],
      [5, Number.NaN],
    ]);
    // |2−2| + |3−3| + |6−5| over 3 points; the NaN truth is masked (100 ignored).
    const preds = [{ label_target: "[2, 3]" }, { label_target: "[6, 100]" }];
    expect(scoreMaskedMae(preds, labels, "label_target")).toBeCloseTo(1 / 3, 12);
    expect(() => scoreMaskedMae(preds.slice(0, 1), labels, "label_target")).toThrow(
      "submission has 1 rows; the test split has 2",
    );
  });

  it("reads a label without history as the horizon itself, and non-numbers in a forecast as missing", () => {
    const labels = [{ label_target: "[1, 2, 3]" }];
    expect(scoreMaskedMae([{ label_target: '[2, "x", 3]' }], labels, "label_target")).toBe(0.5);
  });

  it("is invalid when no point has both a forecast and a truth", () => {
    const labels = [{ label_target: [1, 2] }];
    expect(() => scoreMaskedMae([{ label_target: "[NaN, nan]" }], labels, "label_target")).toThrow(
      "no point has both a forecast and a true value",
    );
  });
});

import { describe, expect, it } from "vitest";
import { scoreAccuracy, scoreAccuracyInt } from "./accuracy.js";
import { InvalidSubmissionError } from "./cells.js";

const rows = (column: string, values: unknown[]) => values.map((v) => ({ [column]: v }));

describe("accuracy (Yelp, SICK: plain equality)", () => {
  it("compares numeric labels numerically: '3', ' 3 ' and '3.0' all equal 3", () => {
    // 3/4 right: the last prediction says 2 where the label is 4.
    const labels = rows("label", [3, 3, 3, 4]);
    expect(scoreAccuracy(rows("label", ["3", " 3 ", "3.0", "2"]), labels, "label")).toBe(0.75);
  });

  it("compares text labels as trimmed text", () => {
    const labels = rows("label", ["entailment", "neutral"]);
    expect(scoreAccuracy(rows("label", [" entailment", "contradiction"]), labels, "label")).toBe(0.5);
  });

  it("reads a one-column submission whatever its header, as the official squeeze does", () => {
    expect(scoreAccuracy(rows("prediction", ["1", "0"]), rows("label", [1, 1]), "label")).toBe(0.5);
  });

  it("rejects a non-number where the label is a number, naming the row and column", () => {
    expect(() => scoreAccuracy(rows("label", ["1", "abc"]), rows("label", [1, 2]), "label")).toThrow(
      "row 2, column 'label': \"abc\" is not a finite number",
    );
    expect(() => scoreAccuracy(rows("label", ["", "1"]), rows("label", [1, 2]), "label")).toThrow(
      InvalidSubmissionError,
    );
  });

  it("rejects a wrong row count and a missing column", () => {
    expect(() => scoreAccuracy(rows("label", ["1"]), rows("label", [1, 2]), "label")).toThrow(
      "submission has 1 rows; the test split has 2",
    );
    const twoColumns = [{ id: "1", pred: "1" }];
    expect(() => scoreAccuracy(twoColumns, rows("label", [1]), "label")).toThrow(
      "submission has no column 'label' (it has: id, pred)",
    );
  });
});

describe("accuracy-int (SVAMP, WSC, Winogrande: int(p) == int(y))", () => {
  it("truncates toward zero as Python's int() does", () => {
    // int(8.7) = 8 = int(8.0); int(-2.9) = -2 = int(-2.0); int(3.0) = 3 ≠ int(4.0): 2/3... plus "5" vs "5" (Winogrande's text labels).
    const labels = [{ Answer: 8.0 }, { Answer: -2 }, { Answer: 4 }, { Answer: "5" }];
    const preds = rows("Answer", ["8.7", "-2.9", "3", "5"]);
    expect(scoreAccuracyInt(preds, labels, "Answer")).toBe(0.75);
  });

  it("is invalid for anything int() cannot take: text, empty, NaN, infinity", () => {
    for (const bad of ["eight", "", "NaN", "inf"]) {
      expect(() => scoreAccuracyInt(rows("Answer", [bad]), [{ Answer: 8 }], "Answer")).toThrow(
        InvalidSubmissionError,
      );
    }
  });
});

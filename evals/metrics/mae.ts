/**
 * Mean absolute error over one numeric column (QM9 and ZINC). Predictions must be finite
 * numbers; ZINC's evaluator also takes a one-element list such as "[0.95]".
 */
import {
  checkRowCount,
  describe,
  InvalidSubmissionError,
  labelNumber,
  labelValue,
  type Row,
  submissionColumn,
  submissionNumber,
  toList,
} from "./cells.js";

/** mean |p − y|; NaN for no pairs. */
export function meanAbsoluteError(predicted: readonly number[], actual: readonly number[]): number {
  if (predicted.length !== actual.length) throw new RangeError("meanAbsoluteError: lengths differ");
  if (actual.length === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(predicted[i]! - actual[i]!);
  return sum / actual.length;
}

function predictionValue(value: unknown, index: number, column: string): number {
  if (typeof value === "string" && value.trim().startsWith("[")) {
    const list = toList(value);
    if (list === undefined || list.length === 0) {
      throw new InvalidSubmissionError(
        `row ${index + 1}, column '${column}': ${describe(value)} is not a number`,
      );
    }
    return submissionNumber(list[0], index, column);
  }
  return submissionNumber(value, index, column);
}

export function scoreMae(predictions: readonly Row[], labels: readonly Row[], column: string): number {
  checkRowCount(predictions.length, labels.length);
  const predColumn = submissionColumn(predictions, column);
  const predicted = predictions.map((row, i) => predictionValue(row[predColumn], i, predColumn));
  const actual = labels.map((row, i) => labelNumber(labelValue(row, i, column), i, column));
  return meanAbsoluteError(predicted, actual);
}

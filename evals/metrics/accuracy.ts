/**
 * Classification accuracy as the official tasks compute it: plain equality (Yelp, SICK) and the
 * integer comparison `int(p) == int(y)` (SVAMP, WSC, Winogrande).
 */
import {
  checkRowCount,
  InvalidSubmissionError,
  labelNumber,
  labelValue,
  type Row,
  submissionColumn,
  submissionNumber,
  toNumber,
} from "./cells.js";

/** The fraction of true entries; NaN for none (numpy's mean of nothing). */
export function fractionTrue(hits: readonly boolean[]): number {
  if (hits.length === 0) return Number.NaN;
  return hits.filter(Boolean).length / hits.length;
}

/**
 * Equality accuracy. A numeric label needs a numeric prediction ("3", "3.0" and 3 all equal 3;
 * a non-number is invalid, as the official `int(x)` cast fails on it); a text label is compared
 * with the trimmed text.
 */
export function scoreAccuracy(predictions: readonly Row[], labels: readonly Row[], column: string): number {
  checkRowCount(predictions.length, labels.length);
  const predColumn = submissionColumn(predictions, column);
  const hits = labels.map((labelRow, i) => {
    const label = labelValue(labelRow, i, column);
    const predicted = predictions[i]![predColumn];
    if (typeof label === "number" || typeof label === "bigint" || typeof label === "boolean") {
      return submissionNumber(predicted, i, predColumn) === Number(label);
    }
    const labelAsNumber = toNumber(label);
    const predAsNumber = toNumber(predicted);
    if (labelAsNumber !== undefined && predAsNumber !== undefined) return labelAsNumber === predAsNumber;
    if (typeof predicted !== "string" && typeof predicted !== "number") {
      throw new InvalidSubmissionError(`row ${i + 1}, column '${predColumn}': missing value`);
    }
    return String(predicted).trim() === String(label).trim();
  });
  return fractionTrue(hits);
}

/** Python's `int()` of a number: truncation toward zero. */
function truncate(value: number): number {
  return Math.trunc(value) + 0;
}

/**
 * SVAMP / WSC / Winogrande: `int(p) == int(y)`. Predictions must be finite numbers (pandas reads
 * the column as numbers, so "3.7" truncates to 3); anything else fails the cast and is invalid.
 */
export function scoreAccuracyInt(
  predictions: readonly Row[],
  labels: readonly Row[],
  column: string,
): number {
  checkRowCount(predictions.length, labels.length);
  const predColumn = submissionColumn(predictions, column);
  const hits = labels.map((labelRow, i) => {
    const label = labelNumber(labelValue(labelRow, i, column), i, column);
    return truncate(submissionNumber(predictions[i]![predColumn], i, predColumn)) === truncate(label);
  });
  return fractionTrue(hits);
}

/**
 * Time-series forecasting metrics with the official tasks' conventions: the masked MAE of
 * Rideshare and Solar Weekly (a point counts only where both forecast and truth are numbers)
 * and the MASE of Kaggle Web Traffic (sktime's naive-1 scaling, averaged over series, series
 * with a constant training part skipped).
 *
 * Label layout, as the official data holds it: `target` is the history the agent saw and the
 * scoring column (`label_target`) is the full series, history + horizon. Without a `target`
 * column the scoring column is the horizon alone (masked MAE only). A Rideshare row holds
 * several series (lists of lists) and each becomes one submission row.
 */
import { UserError } from "../../sdk/errors.js";
import {
  checkRowCount,
  describe,
  InvalidSubmissionError,
  labelValue,
  type Row,
  submissionColumn,
  toList,
  toNumber,
} from "./cells.js";

/** The official time-series tasks leave the scoring column empty in their metadata. */
export const DEFAULT_SERIES_COLUMN = "label_target";

/** numpy's float64 machine epsilon: sktime's floor on the MASE denominator. */
const EPS = 2 ** -52;

function labelSeries(value: unknown, index: number, column: string): unknown[] {
  const list = toList(value);
  if (list === undefined) {
    throw new UserError(
      `test_with_labels row ${index + 1}, column '${column}' is not a list; check the task's data`,
    );
  }
  return list;
}

/** List element as a number; the official masked-MAE code turns anything else into NaN. */
function elementOrNaN(value: unknown): number {
  if (typeof value === "boolean") return Number(value);
  return toNumber(value, true) ?? Number.NaN;
}

/** The forecast horizon of each series the submission must hold, NaN where the truth is missing. */
export function horizonLabels(labels: readonly Row[], column: string): number[][] {
  const series: number[][] = [];
  labels.forEach((row, i) => {
    const full = labelSeries(labelValue(row, i, column), i, column);
    const history = "target" in row && column !== "target" ? labelSeries(row.target, i, "target") : undefined;
    if (full.length > 0 && full.every((item) => Array.isArray(item))) {
      full.forEach((inner, s) => {
        const start = history?.[s] === undefined ? 0 : labelSeries(history[s], i, "target").length;
        series.push(labelSeries(inner, i, column).slice(start).map(elementOrNaN));
      });
      return;
    }
    series.push(full.slice(history ? history.length : 0).map(elementOrNaN));
  });
  const horizon = Math.max(0, ...series.map((s) => s.length));
  return series.map((s) => [...s, ...new Array<number>(horizon - s.length).fill(Number.NaN)]);
}

/** mean |p − y| over the points where both are numbers; undefined when there are none. */
export function maskedMeanAbsoluteError(
  predicted: readonly (readonly number[])[],
  actual: readonly (readonly number[])[],
): number | undefined {
  let sum = 0;
  let count = 0;
  actual.forEach((series, s) => {
    series.forEach((y, t) => {
      const p = predicted[s]![t]!;
      if (Number.isNaN(p) || Number.isNaN(y)) return;
      sum += Math.abs(p - y);
      count++;
    });
  });
  return count === 0 ? undefined : sum / count;
}

function submissionSeries(value: unknown, index: number, column: string, length: number): unknown[] {
  const list = toList(value);
  if (list === undefined) {
    throw new InvalidSubmissionError(
      `row ${index + 1}, column '${column}': ${describe(value)} is not a JSON list`,
    );
  }
  if (list.length !== length) {
    throw new InvalidSubmissionError(
      `row ${index + 1}, column '${column}': the list has ${list.length} values; expected ${length}`,
    );
  }
  return list;
}

export function scoreMaskedMae(
  predictions: readonly Row[],
  labels: readonly Row[],
  scoringColumn: string,
): number {
  const column = scoringColumn || DEFAULT_SERIES_COLUMN;
  const actual = horizonLabels(labels, column);
  checkRowCount(predictions.length, actual.length);
  const predColumn = submissionColumn(predictions, column);
  const predicted = actual.map((series, i) =>
    submissionSeries(predictions[i]![predColumn], i, predColumn, series.length).map(elementOrNaN),
  );
  const mae = maskedMeanAbsoluteError(predicted, actual);
  if (mae === undefined) throw new InvalidSubmissionError("no point has both a forecast and a true value");
  return mae;
}

/**
 * sktime's `mean_absolute_scaled_error` with sp = 1: the forecast's MAE over the in-sample MAE
 * of the naive-1 forecast on the training series (floored at machine epsilon).
 */
export function meanAbsoluteScaledError(
  actual: readonly number[],
  predicted: readonly number[],
  train: readonly number[],
): number {
  let naive = 0;
  for (let t = 1; t < train.length; t++) naive += Math.abs(train[t]! - train[t - 1]!);
  naive /= train.length - 1;
  let error = 0;
  for (let t = 0; t < actual.length; t++) error += Math.abs(actual[t]! - predicted[t]!);
  error /= actual.length;
  return error / Math.max(naive, EPS);
}

/** One series' MASE, or undefined when the official evaluator skips it. */
function seriesMase(
  label: unknown[],
  history: unknown[],
  prediction: unknown[],
  index: number,
  column: string,
) {
  const trainSize = history.length;
  const train = history.map(elementOrNaN).filter((v) => !Number.isNaN(v));
  const actual: number[] = [];
  const predicted: number[] = [];
  for (let t = trainSize; t < label.length; t++) {
    const y = elementOrNaN(label[t]);
    if (Number.isNaN(y)) continue;
    const p = toNumber(prediction[t]);
    if (p === undefined || !Number.isFinite(p)) {
      throw new InvalidSubmissionError(
        `row ${index + 1}, column '${column}': forecast value ${t + 1} is ${describe(prediction[t])}, not a number`,
      );
    }
    actual.push(y);
    predicted.push(p);
  }
  // All truth missing, a constant training series, or too short a history to scale by: skipped.
  if (actual.length === 0 || train.length < 2) return undefined;
  let naive = 0;
  for (let t = 1; t < train.length; t++) naive += Math.abs(train[t]! - train[t - 1]!);
  if (naive === 0) return undefined;
  return meanAbsoluteScaledError(actual, predicted, train);
}

/**
 * Kaggle Web Traffic: each submission row is the full series (history + 59 forecasts) as a JSON
 * list, scored from `len(target)` on. The mean of the per-series MASE; NaN when none is scored.
 */
export function scoreMase(
  predictions: readonly Row[],
  labels: readonly Row[],
  scoringColumn: string,
): number {
  const column = scoringColumn || DEFAULT_SERIES_COLUMN;
  checkRowCount(predictions.length, labels.length);
  const predColumn = submissionColumn(predictions, column);
  const scores: number[] = [];
  labels.forEach((row, i) => {
    const label = labelSeries(labelValue(row, i, column), i, column);
    const history = labelSeries(labelValue(row, i, "target"), i, "target");
    const prediction = submissionSeries(predictions[i]![predColumn], i, predColumn, label.length);
    const mase = seriesMase(label, history, prediction, i, predColumn);
    if (mase !== undefined) scores.push(mase);
  });
  return scores.length === 0 ? Number.NaN : scores.reduce((a, b) => a + b, 0) / scores.length;
}

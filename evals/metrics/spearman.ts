/**
 * Spearman's rank correlation as scipy's `spearmanr` computes it: the Pearson correlation of
 * the two samples' ranks, ties given their average rank. NaN when either sample is constant.
 */
import {
  checkRowCount,
  labelNumber,
  labelValue,
  type Row,
  submissionColumn,
  submissionNumber,
} from "./cells.js";

/** 1-based ranks, tied values sharing the mean of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k]!] = rank;
    start = end + 1;
  }
  return ranks;
}

export function pearson(x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  if (n === 0 || n !== y.length) return Number.NaN;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return Number.NaN;
  // Clipped like scipy: rounding can push |r| a hair past 1.
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.some(Number.isNaN) || y.some(Number.isNaN)) return Number.NaN;
  return pearson(averageRanks(x), averageRanks(y));
}

export function scoreSpearman(predictions: readonly Row[], labels: readonly Row[], column: string): number {
  checkRowCount(predictions.length, labels.length);
  const predColumn = submissionColumn(predictions, column);
  const predicted = predictions.map((row, i) => submissionNumber(row[predColumn], i, predColumn));
  const actual = labels.map((row, i) => labelNumber(labelValue(row, i, column), i, column));
  return spearman(predicted, actual);
}

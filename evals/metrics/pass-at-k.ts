/**
 * pass@k, the unbiased estimator of Chen et al. (2021): from n samples of which c pass, the
 * chance that at least one of k drawn without replacement passes, 1 − C(n−c, k) / C(n, k),
 * computed as a product so that large n does not overflow. Running the programs is the
 * solution runner's job; this only counts.
 */
import {
  checkRowCount,
  describe,
  InvalidSubmissionError,
  type Row,
  submissionColumn,
  toList,
} from "./cells.js";

export function passAtK(n: number, c: number, k: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(c) || !Number.isInteger(k) || n < 1 || k < 1 || k > n) {
    throw new RangeError(`passAtK: need integers 1 ≤ k ≤ n, got n=${n}, k=${k}`);
  }
  if (c < 0 || c > n) throw new RangeError(`passAtK: c=${c} is outside 0..${n}`);
  if (n - c < k) return 1;
  let allFail = 1;
  for (let i = n - c + 1; i <= n; i++) allFail *= 1 - k / i;
  return 1 - allFail;
}

/** The mean pass@k over problems, each given as its samples' pass/fail outcomes. */
export function meanPassAtK(outcomes: readonly (readonly boolean[])[], k: number): number {
  if (outcomes.length === 0) return Number.NaN;
  const total = outcomes.reduce(
    (sum, samples) => sum + passAtK(samples.length, samples.filter(Boolean).length, k),
    0,
  );
  return total / outcomes.length;
}

function outcome(value: unknown, index: number, column: string): boolean {
  if (value === true || value === 1 || value === "true" || value === "1") return true;
  if (value === false || value === 0 || value === "false" || value === "0") return false;
  throw new InvalidSubmissionError(
    `row ${index + 1}, column '${column}': ${describe(value)} is not a pass/fail outcome`,
  );
}

/**
 * Scores executed samples: each row's column holds the list of its samples' outcomes (what the
 * runner wrote after running them), and k is the number of samples, as APPS's pass@5 with 5
 * programs per problem ("any of the 5 passes").
 */
export function scorePassAtK(executed: readonly Row[], labels: readonly Row[], column: string): number {
  checkRowCount(executed.length, labels.length);
  const resultColumn = submissionColumn(executed, column);
  const outcomes = executed.map((row, i) => {
    const list = toList(row[resultColumn]);
    if (list === undefined || list.length === 0) {
      throw new InvalidSubmissionError(`row ${i + 1}, column '${resultColumn}': no sample outcomes`);
    }
    return list.map((value) => outcome(value, i, resultColumn));
  });
  return outcomes.length === 0
    ? Number.NaN
    : outcomes.reduce((sum, s) => sum + (s.some(Boolean) ? 1 : 0), 0) / outcomes.length;
}

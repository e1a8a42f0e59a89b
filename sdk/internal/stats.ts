/** Small statistics for headline figures: mean ± standard error, median with a bootstrap interval. */
import { seededRandom } from "./random.js";

export function meanWithError(values: readonly number[]): { mean: number; stderr: number; n: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, stderr: 0, n };
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  if (n < 2) return { mean, stderr: 0, n };
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1);
  return { mean, stderr: Math.sqrt(variance / n), n };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median and its 95% percentile-bootstrap interval (1,000 resamples, as the Hyperagents paper). */
export function bootstrapMedian(
  values: readonly number[],
  options: { resamples?: number; seed?: number } = {},
): { median: number; low: number; high: number; n: number } {
  const n = values.length;
  if (n === 0) return { median: Number.NaN, low: Number.NaN, high: Number.NaN, n };
  const resamples = options.resamples ?? 1000;
  const random = seededRandom(options.seed ?? 1);
  const medians: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const sample = Array.from({ length: n }, () => values[Math.floor(random() * n)]!);
    medians.push(median(sample));
  }
  medians.sort((a, b) => a - b);
  return {
    median: median(values),
    low: medians[Math.floor(0.025 * (resamples - 1))]!,
    high: medians[Math.ceil(0.975 * (resamples - 1))]!,
    n,
  };
}

/** The 0.975 quantile of Student's t with `df` degrees of freedom (1.96 beyond the table). */
export function tQuantile975(df: number): number {
  const table = [
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
    2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
  ];
  if (df < 1) return Number.NaN;
  if (df <= table.length) return table[df - 1]!;
  return df <= 60 ? 2.0 : df <= 120 ? 1.98 : 1.96;
}

/**
 * The mean with its 95% t interval. One value has no spread to measure, so its interval is the
 * value itself ([mean, mean]); none gives NaNs.
 */
export function meanInterval(values: readonly number[]): { mean: number; ci: [number, number]; n: number } {
  const { mean, stderr, n } = meanWithError(values);
  if (n === 0) return { mean: Number.NaN, ci: [Number.NaN, Number.NaN], n };
  const half = n < 2 ? 0 : tQuantile975(n - 1) * stderr;
  return { mean, ci: [mean - half, mean + half], n };
}

/** The paired difference a − b over matched samples, with its 95% t interval. */
export function pairedDifference(
  a: readonly number[],
  b: readonly number[],
): { mean: number; ci: [number, number]; n: number } {
  if (a.length !== b.length) throw new Error("paired samples must have equal length");
  return meanInterval(a.map((value, i) => value - b[i]!));
}

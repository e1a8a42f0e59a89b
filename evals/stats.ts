/** Small statistics for headline figures: mean ± standard error, median with a bootstrap interval. */
import { seededRandom } from "../sdk/archive/random.js";

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

/**
 * The figures of a DéjàQ model evaluation: accuracy with a Wilson interval, and the tail
 * accuracy CVaR_α (the mean accuracy of the worst α fraction of templates) with a percentile
 * bootstrap interval over templates.
 */
import { seededRandom } from "../../sdk/internal/random.js";

export interface Interval {
  value: number;
  low: number;
  high: number;
  n: number;
}

/** Successes out of n with the 95% Wilson score interval (sound at 0 and n, unlike mean ± 2 SE). */
export function wilsonInterval(successes: number, n: number): Interval {
  if (n === 0) return { value: Number.NaN, low: Number.NaN, high: Number.NaN, n };
  const z = 1.96;
  const p = successes / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), n };
}

/** CVaR_α of accuracies: the mean of the lowest ⌈α·n⌉ values (α = 0.1: the worst tenth). */
export function cvar(values: readonly number[], alpha = 0.1): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const k = Math.max(1, Math.ceil(alpha * sorted.length));
  return sorted.slice(0, k).reduce((sum, v) => sum + v, 0) / k;
}

/** CVaR_α with its 95% percentile-bootstrap interval (resampling the values, seeded). */
export function cvarInterval(
  values: readonly number[],
  alpha = 0.1,
  options: { resamples?: number; seed?: number } = {},
): Interval {
  const n = values.length;
  if (n === 0) return { value: Number.NaN, low: Number.NaN, high: Number.NaN, n };
  const resamples = options.resamples ?? 1000;
  const random = seededRandom(options.seed ?? 1);
  const draws: number[] = [];
  for (let r = 0; r < resamples; r++) {
    draws.push(
      cvar(
        Array.from({ length: n }, () => values[Math.floor(random() * n)]!),
        alpha,
      ),
    );
  }
  draws.sort((a, b) => a - b);
  return {
    value: cvar(values, alpha),
    low: draws[Math.floor(0.025 * (resamples - 1))]!,
    high: draws[Math.ceil(0.975 * (resamples - 1))]!,
    n,
  };
}

/** Quantiles with linear interpolation between order statistics (numpy's and pandas' default). */

/** The q-quantile (0 ≤ q ≤ 1) of values already sorted ascending; NaN for none. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const position = q * (n - 1);
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, n - 1);
  const fraction = position - lower;
  const low = sorted[lower]!;
  return fraction === 0 ? low : low + (sorted[upper]! - low) * fraction;
}

export function quantile(values: readonly number[], q: number): number {
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    q,
  );
}

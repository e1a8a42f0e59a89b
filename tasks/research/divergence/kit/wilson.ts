/**
 * The Wilson score interval for a binomial proportion: sound at 0 and n successes (unlike
 * p ± z·SE, which collapses to a point there), which is where divergence counts often sit.
 */

export interface Proportion {
  successes: number;
  n: number;
  p: number;
  low: number;
  high: number;
}

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export function wilsonInterval(successes: number, n: number, z = Z95): Proportion {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || n < 0 || successes < 0 || successes > n)
    throw new Error(`wilsonInterval needs integers 0 <= successes <= n (got ${successes} of ${n})`);
  if (n === 0) return { successes, n, p: Number.NaN, low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp the rounding of the exact ends (0 and n) onto the boundary.
  const low = successes === 0 ? 0 : Math.max(0, centre - half);
  const high = successes === n ? 1 : Math.min(1, centre + half);
  return { successes, n, p, low, high };
}

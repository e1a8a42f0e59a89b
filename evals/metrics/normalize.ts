/**
 * AIRS-Bench's normalised score: the log ("march of nines") transform against the optimum,
 * between the worst and the SOTA score; and the linear variant.
 */

export interface NormalizationAnchors {
  optimal: number;
  sota: number;
  worst: number;
  lowerIsBetter: boolean;
}

/** The log normalised score (leaderboard's): 0 at the worst, 1 at SOTA, clipped below at 0 only. */
export function normalizedScoreLog(_score: number, _anchors: NormalizationAnchors): number {
  throw new Error("normalizedScoreLog: being written (issue 13)");
}

/** The linear variant (score - worst) / (sota - worst), clipped below at 0. */
export function normalizedScoreLinear(_score: number, _anchors: NormalizationAnchors): number {
  throw new Error("normalizedScoreLinear: being written (issue 13)");
}

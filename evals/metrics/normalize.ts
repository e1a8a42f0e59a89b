/**
 * AIRS-Bench's normalised score: the log ("march of nines") transform against the optimum,
 * between the worst and the SOTA score; and the linear variant. Both follow the paper's
 * notebook (`normalize_score_log`, `normalize_score`): NaN → 0, clipped below at 0 and not
 * above, so beating SOTA gives more than 1.
 */

export interface NormalizationAnchors {
  optimal: number;
  sota: number;
  worst: number;
  lowerIsBetter: boolean;
}

/**
 * The closest a score counts as to the optimum: φ is capped at φ(opt ± 1e-3) = 3. The notebook
 * only replaces an exact hit by |0.999 − opt|, which gives 3 for ↑ metrics but 0.0004 for ↓
 * ones (an exact MAE of 0 would score as badly as the worst); the cap keeps φ monotone. It
 * applies to the SOTA and worst anchors too, so a bundled reference solution within 1e-3 of the
 * optimum still puts the optimum at 1. No official task's SOTA or worst score is that close.
 */
export const OPTIMUM_DISTANCE_FLOOR = 1e-3;

/** φ(s) = −log10 |s − opt|, capped at 3. */
export function marchOfNines(score: number, optimal: number): number {
  return -Math.log10(Math.max(Math.abs(score - optimal), OPTIMUM_DISTANCE_FLOOR));
}

/** The notebook's last step: NaN → 0, ±∞ → 100, then clipped below at 0. */
function finish(value: number): number {
  if (Number.isNaN(value)) return 0;
  if (!Number.isFinite(value)) return 100;
  return Math.max(0, value);
}

/** The log normalised score (leaderboard's): 0 at the worst, 1 at SOTA, clipped below at 0 only. */
export function normalizedScoreLog(score: number, anchors: NormalizationAnchors): number {
  const phi = marchOfNines(score, anchors.optimal);
  const worst = marchOfNines(anchors.worst, anchors.optimal);
  const sota = marchOfNines(anchors.sota, anchors.optimal);
  return finish((phi - worst) / (sota - worst));
}

/** The linear variant (score - worst) / (sota - worst), clipped below at 0 (NaN → 0). */
export function normalizedScoreLinear(score: number, anchors: NormalizationAnchors): number {
  const value = (score - anchors.worst) / (anchors.sota - anchors.worst);
  return Number.isNaN(value) ? 0 : Math.max(0, value);
}

/**
 * The paper's s_min: the worst score observed over all agents and seeds of a task (the highest
 * for ↓ metrics, the lowest for ↑), ignoring invalid runs (null) and NaN. Undefined for none.
 */
export function observedWorstScore(
  scores: readonly (number | null)[],
  lowerIsBetter: boolean,
): number | undefined {
  const valid = scores.filter((s): s is number => s !== null && !Number.isNaN(s));
  if (valid.length === 0) return undefined;
  return lowerIsBetter ? Math.max(...valid) : Math.min(...valid);
}

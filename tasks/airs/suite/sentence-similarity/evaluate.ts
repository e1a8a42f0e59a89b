/**
 * Scores relatedness predictions as AIRS-Bench scores SICK relatedness: the Spearman rank
 * correlation (average ranks for ties, as scipy's `spearmanr`) between the submitted
 * `relatedness_score` and the true one. Only the order of your scores matters, not their scale.
 * A wrong row count or a value that is not a number makes the submission invalid.
 */
import { evaluateAirs, type Row } from "../../../../evals/metrics/airs.js";

export function evaluate(
  predictions: readonly Row[],
  labels: readonly Row[],
): { SpearmanCorrelation: number } {
  return { SpearmanCorrelation: evaluateAirs("spearman", predictions, labels, "relatedness_score") };
}

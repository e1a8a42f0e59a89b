/**
 * Scores a traffic forecast the way AIRS-Bench scores Kaggle web traffic: the mean over series of
 * the MASE (sktime, naive-1 scaling, sp = 1).
 *
 * For each test row: the submitted `label_target` is a JSON list as long as the true one (history
 * followed by the forecast); both are cut at len(target) so only the 21 forecast days count.
 * Series MASE = mean |forecast − truth| / mean |target[t] − target[t−1]| over the row's `target`.
 * Rows whose `target` is constant (a zero denominator) are skipped, as the official evaluator
 * skips them. A wrong row count, a list of the wrong length or a non-number makes the submission
 * invalid.
 */
import { evaluateAirs, type Row } from "../../../../evals/metrics/airs.js";

export function evaluate(predictions: readonly Row[], labels: readonly Row[]): { MASE: number } {
  return { MASE: evaluateAirs("mase", predictions, labels, "label_target") };
}

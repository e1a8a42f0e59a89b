/**
 * Scores star predictions as AIRS-Bench scores Yelp review full: the fraction of test reviews whose
 * submitted `label` (0-4) equals the true one. A wrong row count or a value that is not a number
 * makes the submission invalid.
 */
import { evaluateAirs, type Row } from "../../../../evals/metrics/airs.js";

export function evaluate(predictions: readonly Row[], labels: readonly Row[]): { Accuracy: number } {
  return { Accuracy: evaluateAirs("accuracy", predictions, labels, "label") };
}

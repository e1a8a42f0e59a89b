/**
 * Scores property predictions as AIRS-Bench scores ZINC graph regression: the mean absolute error
 * between the submitted `y` and the true one, over all test graphs. A cell may be a number or a
 * one-element list such as "[0.95]". A wrong row count or a value that is not a finite number makes
 * the submission invalid.
 */
import { evaluateAirs, type Row } from "../../../../evals/metrics/airs.js";

export function evaluate(predictions: readonly Row[], labels: readonly Row[]): { MAE: number } {
  return { MAE: evaluateAirs("mae", predictions, labels, "y") };
}

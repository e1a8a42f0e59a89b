/**
 * Scores energy predictions as AIRS-Bench scores its QM9 regression tasks: the mean absolute error
 * between the submitted `energy` and the true one, over all test molecules. A wrong row count or a
 * value that is not a finite number makes the submission invalid.
 */
import { evaluateAirs, type Row } from "../../../../evals/metrics/airs.js";

export function evaluate(predictions: readonly Row[], labels: readonly Row[]): { MeanAbsoluteError: number } {
  return { MeanAbsoluteError: evaluateAirs("mae", predictions, labels, "energy") };
}

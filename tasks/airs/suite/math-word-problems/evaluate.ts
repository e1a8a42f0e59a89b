/**
 * Scores answers as AIRS-Bench scores SVAMP: a problem counts as solved when the integer part of
 * the submitted `Answer` equals the true answer (`int(pred) == int(label)`); the score is the
 * fraction solved. A wrong row count or a value that is not a number makes the submission invalid.
 */
import { evaluateAirs, type Row } from "../../../../evals/metrics/airs.js";

export function evaluate(predictions: readonly Row[], labels: readonly Row[]): { Accuracy: number } {
  return { Accuracy: evaluateAirs("accuracy-int", predictions, labels, "Answer") };
}

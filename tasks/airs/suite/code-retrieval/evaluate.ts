/**
 * Scores rankings as AIRS-Bench scores CodeXGLUE code search (its `calculate_scores`): for each
 * test query, 1 / (the position of the correct code id in the submitted `rankings`, from 1), or 0
 * when the id is not in the list; the score is the mean over queries, rounded to 4 decimals.
 * Submission rows are matched to queries by the `query` text. A query without a row, a wrong row
 * count or a `rankings` cell that is not a JSON list makes the submission invalid.
 */
import { evaluateAirs, type Row } from "../../../../evals/metrics/airs.js";

export function evaluate(predictions: readonly Row[], labels: readonly Row[]): { MRR: number } {
  return { MRR: evaluateAirs("mrr", predictions, labels, "id") };
}

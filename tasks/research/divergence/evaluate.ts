/**
 * Scores a recipe submission: for every evaluation condition (one test row each), trains small
 * transformers under that row's recipe at the condition's fixed peak learning rate, on the hidden
 * seeds, and returns the divergence probability: the fraction of runs that diverged (non-finite
 * loss, or a sustained rise above the running minimum) or ended without having learnt the clean
 * text. Lower is better. With HYPERAGENTS_SMOKE=1 on the host, the runs are smoke-sized.
 */
import { InvalidSubmissionError, type Row } from "../../../evals/metrics/airs.js";
import { loadTensorFlow } from "../../../sdk/numeric/load-tensorflow.js";
import { conditionOf, FULL, type RunOutcome, runCondition, type Size, SMOKE } from "./kit/experiment.js";
import { parseRecipe, type Recipe } from "./kit/recipe.js";

/** The recipes of a submission, one per row; throws InvalidSubmissionError naming the bad row. */
export function readRecipes(predictions: readonly Row[]): Recipe[] {
  return predictions.map((row, i) => {
    const cell = row.recipe;
    if (cell === undefined || cell === "")
      throw new InvalidSubmissionError(`row ${i + 1} has no 'recipe' (a JSON object per condition)`);
    try {
      return parseRecipe(cell);
    } catch (error) {
      throw new InvalidSubmissionError(`row ${i + 1}: ${(error as Error).message}`);
    }
  });
}

/** The seeds of a label row (a JSON list of integers). */
function seedsOf(row: Row): number[] {
  const raw = typeof row.seeds === "string" ? JSON.parse(row.seeds) : row.seeds;
  if (!Array.isArray(raw) || !raw.every((s) => Number.isInteger(s)))
    throw new Error(`label row ${String(row.condition)} has no seed list`);
  return raw as number[];
}

/** Every run of every condition under its recipe (the evaluator's core; tests call it at smoke size). */
export async function evaluateRecipes(
  recipes: readonly Recipe[],
  labels: readonly Row[],
  size: Size,
): Promise<RunOutcome[][]> {
  const { tf } = await loadTensorFlow();
  return labels.map((row, i) =>
    runCondition(tf, size, conditionOf(row), recipes[i]!, seedsOf(row).slice(0, size.seedsPerCondition)),
  );
}

export async function evaluate(
  predictions: readonly Row[],
  labels: readonly Row[],
): Promise<{ DivergenceProbability: number }> {
  if (predictions.length !== labels.length)
    throw new InvalidSubmissionError(
      `submission has ${predictions.length} rows; the test split has ${labels.length}`,
    );
  const recipes = readRecipes(predictions);
  const size = process.env.HYPERAGENTS_SMOKE === "1" ? SMOKE : FULL;
  const runs = (await evaluateRecipes(recipes, labels, size)).flat();
  return { DivergenceProbability: runs.filter((r) => r.failed).length / runs.length };
}

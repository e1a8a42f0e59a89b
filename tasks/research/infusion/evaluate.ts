/**
 * Scores a submission of training-data edits, one row per experiment (a probe image and a target
 * class). For each experiment the host checks the budget (at most k distinct training examples,
 * every pixel within ε of its original), reruns the last epoch of the fixed training recipe from
 * its checkpoint on the edited training set, and measures p(target | probe) against the model
 * trained on clean data. The control is the paper's random-noise baseline: the same examples,
 * each moved in a uniformly random direction (hidden seed) to the same L∞ size as its edit.
 *
 * Metric (higher is better): the mean over experiments of Δp(edits) − Δp(random control).
 */
import { InvalidSubmissionError, type Row } from "../../../evals/metrics/airs.js";
import { trainingSet } from "./generate.js";
import { budgetViolation, type Dataset, type Edit } from "./kit/data.js";
import { runExperiment, type Trained, trainTask } from "./kit/experiment.js";
import { BUDGET, type Budget, RECIPE, RETRAIN_EPOCHS } from "./kit/recipe.js";

export const METRIC = "DeltaPTargetVsRandom";

/** One experiment as the evaluator runs it. */
export interface ScoredExperiment {
  probe: number[];
  target: number;
  edits: Edit[];
  noiseSeed: number;
}

function fail(experiment: number, reason: string): never {
  throw new InvalidSubmissionError(`experiment ${experiment}: ${reason}`);
}

/** The `edits` cell: JSON text of a list of {"index": i, "pixels": [64 numbers]}. */
export function parseEdits(cell: unknown, experiment: number): Edit[] {
  let value: unknown = cell;
  if (typeof cell === "string") {
    try {
      value = JSON.parse(cell === "" ? "[]" : cell);
    } catch {
      fail(experiment, "edits is not JSON (a list of {index, pixels})");
    }
  }
  if (!Array.isArray(value)) fail(experiment, "edits must be a JSON list of {index, pixels}");
  return value.map((item: unknown, e) => {
    const { index, pixels } = (item ?? {}) as { index?: unknown; pixels?: unknown };
    if (typeof index !== "number" || !Array.isArray(pixels))
      fail(experiment, `edit ${e} needs a numeric "index" and a "pixels" list`);
    return { index, pixels: pixels as number[] };
  });
}

/** Throws InvalidSubmissionError, naming the experiment, when any edit set breaks the budget. */
export function checkBudgets(data: Dataset, budget: Budget, experiments: readonly ScoredExperiment[]): void {
  experiments.forEach(({ edits }, i) => {
    const reason = budgetViolation(data, edits, budget);
    if (reason !== undefined) fail(i, reason);
  });
}

/** Scores parsed experiments on a trained model; throws InvalidSubmissionError on a budget breach. */
export function scoreExperiments(
  trained: Trained,
  budget: Budget,
  experiments: readonly ScoredExperiment[],
): Record<string, number> {
  experiments.forEach(({ edits }, i) => {
    const reason = budgetViolation(trained.data, edits, budget);
    if (reason !== undefined) fail(i, reason);
  });
  const results = experiments.map(({ probe, target, edits, noiseSeed }) =>
    runExperiment(trained, probe, target, edits, noiseSeed),
  );
  const mean = (f: (r: (typeof results)[number]) => number) =>
    results.reduce((sum, r) => sum + f(r), 0) / results.length;
  return {
    [METRIC]: mean((r) => r.edited - r.random),
    DeltaPTarget: mean((r) => r.edited - r.clean),
    DeltaPTargetRandom: mean((r) => r.random - r.clean),
    DeltaLogPTarget: mean((r) => r.deltaLogEdited),
    SuccessRate: mean((r) => (r.edited > r.clean ? 1 : 0)),
  };
}

/** Training sets and trained models by dataset seed: built once per process, whatever the number of submissions. */
const dataBySeed = new Map<number, Dataset>();
const trainedBySeed = new Map<number, Trained>();

function dataFor(seed: number): Dataset {
  const data = dataBySeed.get(seed) ?? trainingSet(seed);
  dataBySeed.set(seed, data);
  return data;
}

function trainedFor(seed: number): Trained {
  const trained = trainedBySeed.get(seed) ?? trainTask(dataFor(seed), RECIPE, RETRAIN_EPOCHS);
  trainedBySeed.set(seed, trained);
  return trained;
}

export function evaluate(predictions: readonly Row[], labels: readonly Row[]): Record<string, number> {
  if (predictions.length !== labels.length)
    throw new InvalidSubmissionError(
      `${predictions.length} rows; the test split has ${labels.length} experiments`,
    );
  const experiments = labels.map((label, i) => {
    const row = predictions[i] as Row;
    if (row.experiment !== undefined && Number(row.experiment) !== Number(label.experiment))
      fail(i, `row ${i} is experiment ${String(row.experiment)}; rows must follow the test split's order`);
    return {
      probe: (typeof label.probe === "string" ? JSON.parse(label.probe) : label.probe) as number[],
      target: Number(label.target),
      edits: parseEdits(row.edits, i),
      noiseSeed: Number(label.noise_seed),
    };
  });
  const seed = Number(labels[0]?.data_seed);
  // The budget is checked before the (seconds-long) training, so an invalid submission fails fast.
  checkBudgets(dataFor(seed), BUDGET, experiments);
  return scoreExperiments(trainedFor(seed), BUDGET, experiments);
}

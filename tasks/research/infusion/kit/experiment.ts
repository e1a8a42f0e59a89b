/**
 * One Infusion experiment, measured as the host evaluator measures it: apply the edits, rerun the
 * last epoch(s) from their checkpoint on the edited data (same batch order, fresh SGD), and read
 * p(target | probe) against the model trained on clean data. The control is the paper's random
 * noise baseline: the same examples, each moved in a uniformly random direction scaled to the
 * same L∞ size as its edit.
 */
import { applyEdits, type Dataset, type Edit, editSize, example } from "./data.js";
import { type Mlp, predict } from "./mlp.js";
import { deriveSeed, seededRandom } from "./random.js";
import type { Recipe } from "./recipe.js";
import { retrain, trainWithCheckpoints } from "./train.js";

/** A trained model with the checkpoint partial retraining starts from. */
export interface Trained {
  data: Dataset;
  recipe: Recipe;
  /** How many final epochs partial retraining reruns. */
  retrainEpochs: number;
  /** The checkpoint `retrainEpochs` before the end. */
  start: Mlp;
  /** The final model, trained on clean data. */
  final: Mlp;
}

export function trainTask(data: Dataset, recipe: Recipe, retrainEpochs: number): Trained {
  const checkpoints = trainWithCheckpoints(data, recipe);
  return {
    data,
    recipe,
    retrainEpochs,
    start: checkpoints[recipe.epochs - retrainEpochs] as Mlp,
    final: checkpoints[recipe.epochs] as Mlp,
  };
}

export function targetProbability(model: Mlp, probe: ArrayLike<number>, target: number): number {
  return predict(model, probe)[target] as number;
}

/** The class the model predicts for the probe. */
export function topClass(model: Mlp, probe: ArrayLike<number>): number {
  const probs = predict(model, probe);
  return probs.indexOf(Math.max(...probs));
}

/** The model after partial retraining on the edited data. */
export function retrainEdited(trained: Trained, edits: readonly Edit[]): Mlp {
  return retrain(trained.start, applyEdits(trained.data, edits), trained.recipe, trained.retrainEpochs);
}

/** The random-noise control of `edits`: same indices, random directions of the same L∞ sizes. */
export function randomNoiseEdits(data: Dataset, edits: readonly Edit[], seed: number): Edit[] {
  return edits.map((edit, e) => {
    const random = seededRandom(deriveSeed(seed, "random-noise", e, edit.index));
    const direction = Array.from({ length: data.dim }, () => 2 * random() - 1);
    const top = Math.max(...direction.map(Math.abs), 1e-12);
    const size = editSize(data, edit);
    const original = example(data, edit.index);
    return { index: edit.index, pixels: direction.map((d, j) => (original[j] as number) + (d / top) * size) };
  });
}

export interface ExperimentResult {
  /** p(target | probe) of the clean model. */
  clean: number;
  /** ... after partial retraining on the edited data. */
  edited: number;
  /** ... after partial retraining on the random-noise control. */
  random: number;
  /** log p(target) change of the edited model (the measurement f's realised change). */
  deltaLogEdited: number;
  deltaLogRandom: number;
  /** Whether the target became the predicted class of the probe (it was not before). */
  flipped: boolean;
}

/** Runs the edits and their random control for one (probe, target). */
export function runExperiment(
  trained: Trained,
  probe: ArrayLike<number>,
  target: number,
  edits: readonly Edit[],
  noiseSeed: number,
): ExperimentResult {
  const clean = targetProbability(trained.final, probe, target);
  const editedModel = retrainEdited(trained, edits);
  const edited = targetProbability(editedModel, probe, target);
  const random = targetProbability(
    retrainEdited(trained, randomNoiseEdits(trained.data, edits, noiseSeed)),
    probe,
    target,
  );
  return {
    clean,
    edited,
    random,
    deltaLogEdited: Math.log(edited) - Math.log(clean),
    deltaLogRandom: Math.log(random) - Math.log(clean),
    flipped: topClass(trained.final, probe) !== target && topClass(editedModel, probe) === target,
  };
}

/**
 * The task's experiment, shared by the host evaluator, the solutions and the benchmark: the fixed
 * model and data setup, evaluation conditions (peak learning rate × noise), and the outcome of
 * training under a recipe on a list of seeds. A run fails when the detector declares a
 * divergence or when it ends without having learnt (its held-out loss did not close part of the
 * gap from the unigram to the previous-token entropy): a recipe cannot look stable by not learning.
 */
import type { DetectorOptions } from "./detector.js";
import { entropies, learnedThreshold } from "./entropy.js";
import type { ModelShape, TF } from "./model.js";
import type { Noise, NoiseMode } from "./noise.js";
import type { Recipe } from "./recipe.js";
import { type Language, makeLanguage } from "./text.js";
import { type RunResult, trainRun } from "./train.js";
import { type Proportion, wilsonInterval } from "./wilson.js";

/** The language every run trains on (part of the task, like a corpus). */
export const LANGUAGE_SEED = 11;
export const VOCAB = 32;
export const CLASSES = 4;

export interface Size {
  shape: ModelShape;
  batch: number;
  /** Training steps per run (a condition may not change it). */
  steps: number;
  detector: DetectorOptions;
  /**
   * A run has learnt when its final held-out loss (on its own training distribution) closes this
   * fraction of the gap from the unigram entropy H1 to the previous-token entropy H2.
   */
  gapClosed: number;
  /** Evaluate only this many of each condition's seeds (smoke size); all when absent. */
  seedsPerCondition?: number;
}

/** Full size: what evaluate.ts and the benchmark run. */
export const FULL: Size = {
  shape: { vocab: VOCAB, context: 32, layers: 2, width: 32, heads: 4 },
  batch: 16,
  steps: 150,
  detector: { ema: 0.9, delta: 1, window: 30 },
  gapClosed: 0.5,
};

/** Smoke size: the full model for a few dozen steps, one seed per condition (HYPERAGENTS_SMOKE=1, tests). */
export const SMOKE: Size = {
  shape: FULL.shape,
  batch: 16,
  steps: 50,
  detector: { ema: 0.9, delta: 1, window: 15 },
  gapClosed: 0.25,
  seedsPerCondition: 1,
};

export interface Condition {
  id: string;
  /** Peak learning rate. */
  lr: number;
  noise: Noise;
}

export interface RunOutcome {
  seed: number;
  diverged: boolean;
  reason: RunResult["verdict"]["reason"];
  learned: boolean;
  failed: boolean;
  cleanLoss: number;
  heldOutLoss: number;
  /** The held-out loss a run had to beat to count as having learnt. */
  learnedBelow: number;
  stepsRun: number;
  spikes: number;
  /** The largest attention logit seen in any layer at the diagnostic steps. */
  peakAttnLogit: number;
  /** The same onto noise-token keys and onto clean-token keys (0 when there are none). */
  peakAttnLogitNoiseKeys: number;
  peakAttnLogitCleanKeys: number;
  peakOutputLogit: number;
}

let cachedLanguage: Language | undefined;
export function language(): Language {
  cachedLanguage ??= makeLanguage(LANGUAGE_SEED, VOCAB, CLASSES);
  return cachedLanguage;
}

/** Trains one run of `condition` under `recipe` and summarises it. */
export function runOnce(tf: TF, size: Size, condition: Condition, recipe: Recipe, seed: number): RunOutcome {
  const result = trainRun(tf, {
    shape: size.shape,
    batch: size.batch,
    steps: size.steps,
    lr: condition.lr,
    noise: condition.noise,
    recipe,
    seed,
    language: language(),
    detector: size.detector,
    diagEvery: Math.max(1, Math.round(size.steps / 10)),
  });
  const learnedBelow = learnedThreshold(
    entropies(language(), condition.noise, size.shape.context),
    size.gapClosed,
  );
  const learned = result.heldOutLoss < learnedBelow;
  const peak = (values: number[]) => values.reduce((a, b) => (Number.isNaN(b) ? a : Math.max(a, b)), 0);
  return {
    seed,
    diverged: result.verdict.diverged,
    reason: result.verdict.reason,
    learned,
    failed: result.verdict.diverged || !learned,
    cleanLoss: result.cleanLoss,
    heldOutLoss: result.heldOutLoss,
    learnedBelow,
    stepsRun: result.losses.length,
    spikes: result.verdict.spikes,
    peakAttnLogit: peak(result.diagnostics.flatMap((d) => d.maxAttnLogit)),
    peakAttnLogitNoiseKeys: peak(result.diagnostics.flatMap((d) => d.maxAttnLogitNoiseKeys)),
    peakAttnLogitCleanKeys: peak(result.diagnostics.flatMap((d) => d.maxAttnLogitCleanKeys)),
    peakOutputLogit: peak(result.diagnostics.map((d) => d.maxOutputLogit)),
  };
}

/** Every seed of a condition. */
export function runCondition(
  tf: TF,
  size: Size,
  condition: Condition,
  recipe: Recipe,
  seeds: readonly number[],
): RunOutcome[] {
  return seeds.map((seed) => runOnce(tf, size, condition, recipe, seed));
}

/** The failure (divergence) proportion over outcomes, with its 95% Wilson interval. */
export function failureRate(outcomes: readonly RunOutcome[]): Proportion {
  return wilsonInterval(outcomes.filter((o) => o.failed).length, outcomes.length);
}

/** A condition from a data row (the columns of every split). */
export function conditionOf(row: { [column: string]: unknown }): Condition {
  return {
    id: String(row.condition),
    lr: Number(row.lr),
    noise: {
      mode: String(row.noise_mode) as NoiseMode,
      noiseVocab: Number(row.noise_vocab),
      fraction: Number(row.noise_fraction),
    },
  };
}

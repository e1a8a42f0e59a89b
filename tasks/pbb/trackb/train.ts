/**
 * The training loop over a curriculum's stages. Every batch is a function of (seed, stage name,
 * step within the stage), and the parameters start from the seed alone, so a run resumed from a
 * checkpoint takes exactly the steps the uninterrupted run would have taken; and curricula whose
 * first stages share names can start from one checkpoint of them.
 */
import { UserError } from "../../../sdk/errors.js";
import { deriveSeed, seededRandom } from "../../../sdk/internal/random.js";
import type { TF } from "../../../sdk/numeric/index.js";
import { type AdamState, initAdam } from "./adam.js";
import { CHECKPOINT_VERSION, type CheckpointHeader, loadCheckpoint, saveCheckpoint } from "./checkpoint.js";
import type { Stage } from "./curriculum.js";
import { initParams, type ModelConfig, paramSpecs } from "./model.js";
import { disposeBatch, makeBatch, trainStep } from "./step.js";
import type { CharTokenizer } from "./tokenizer.js";

type Tensor = ReturnType<TF["tensor"]>;

export interface TrainOptions {
  tf: TF;
  config: ModelConfig;
  tokenizer: CharTokenizer;
  stages: readonly Stage[];
  seed: number;
  batchSize: number;
  learningRate: number;
  /** Steps of linear learning-rate warm-up at the start of training (default: a tenth of all, at most 50). */
  warmupSteps?: number;
  /** Start from this checkpoint (its completed stages must be a prefix of `stages`). */
  resumeFrom?: string;
  /** Write a checkpoint here every `checkpointEvery` steps and when training stops. */
  checkpointPath?: string;
  checkpointEvery?: number;
  /** Stop after this many steps in all (a checkpoint is written); default: the end of the curriculum. */
  stopAtStep?: number;
  onStep?: (info: { step: number; stage: string; loss: number }) => void;
}

export interface TrainedModel {
  params: Tensor[];
  adam: AdamState;
  /** Steps done over all stages. */
  step: number;
  losses: number[];
}

export async function train(options: TrainOptions): Promise<TrainedModel> {
  const { tf, config, tokenizer, stages, seed } = options;
  const total = stages.reduce((sum, stage) => sum + stage.steps, 0);
  const stopAt = Math.min(options.stopAtStep ?? total, total);
  let { params, adam, step } = await startingPoint(options);
  const losses: number[] = [];
  while (step < stopAt) {
    const { stage, stepInStage } = locate(stages, step);
    const texts = sampleTexts(
      stage,
      options.batchSize,
      seededRandom(deriveSeed(seed, stage.name, stepInStage)),
    );
    const batch = makeBatch(tf, tokenizer, texts, config.contextLength);
    const warmup = options.warmupSteps ?? Math.min(50, Math.ceil(total / 10));
    const learningRate = options.learningRate * Math.min(1, (step + 1) / warmup);
    const next = trainStep(tf, config, params, adam, batch, learningRate);
    disposeBatch(tf, batch);
    ({ params, adam } = next);
    step++;
    losses.push(next.loss);
    options.onStep?.({ step, stage: stage.name, loss: next.loss });
    const every = options.checkpointEvery ?? 0;
    if (options.checkpointPath && ((every > 0 && step % every === 0) || step === stopAt)) {
      await saveCheckpoint(options.checkpointPath, { header: header(options, step), params, adam });
    }
  }
  return { params, adam, step, losses };
}

async function startingPoint(
  options: TrainOptions,
): Promise<{ params: Tensor[]; adam: AdamState; step: number }> {
  const { tf, config, seed } = options;
  if (options.resumeFrom === undefined) {
    const params = initParams(tf, config, seed);
    return { params, adam: initAdam(tf, params), step: 0 };
  }
  const checkpoint = await loadCheckpoint(tf, options.resumeFrom);
  const problem = mismatch(checkpoint.header, options);
  if (problem !== undefined) {
    tf.dispose([...checkpoint.params, ...checkpoint.adam.m, ...checkpoint.adam.v]);
    throw new UserError(`cannot resume from ${options.resumeFrom}: ${problem}`);
  }
  return { params: checkpoint.params, adam: checkpoint.adam, step: checkpoint.header.step };
}

/** Why a checkpoint cannot continue this run, or undefined when it can. */
function mismatch(saved: CheckpointHeader, options: TrainOptions): string | undefined {
  if (JSON.stringify(saved.config) !== JSON.stringify(options.config)) return "its model config differs";
  if (saved.chars.join("") !== options.tokenizer.chars.join("")) return "its vocabulary differs";
  if (saved.seed !== options.seed) return `it was trained with seed ${saved.seed}, not ${options.seed}`;
  const done = completedStages(options.stages, saved.step);
  const same = done.every((stage, i) => saved.stages[i]?.name === stage.name);
  if (!same) return `its stages (${saved.stages.map((s) => s.name).join(", ")}) do not begin this curriculum`;
  return undefined;
}

function header(options: TrainOptions, step: number): CheckpointHeader {
  return {
    version: CHECKPOINT_VERSION,
    config: options.config,
    chars: [...options.tokenizer.chars],
    seed: options.seed,
    stages: completedStages(options.stages, step).map((s) => ({ name: s.name, steps: s.steps })),
    step,
    shapes: paramSpecs(options.config).map((spec) => spec.shape),
  };
}

/** The stages that `step` steps have started (all but the last are complete). */
function completedStages(stages: readonly Stage[], step: number): Stage[] {
  const out: Stage[] = [];
  let start = 0;
  for (const stage of stages) {
    if (start >= step) break;
    out.push(stage);
    start += stage.steps;
  }
  return out;
}

function locate(stages: readonly Stage[], step: number): { stage: Stage; stepInStage: number } {
  let start = 0;
  for (const stage of stages) {
    if (step < start + stage.steps) return { stage, stepInStage: step - start };
    start += stage.steps;
  }
  throw new RangeError(`step ${step} is past the curriculum's ${start} steps`);
}

/** A batch of texts: each row picks a pool by weight, then a text uniformly. */
export function sampleTexts(stage: Stage, size: number, random: () => number): string[] {
  const pools = stage.pools.filter((pool) => pool.weight > 0 && pool.texts.length > 0);
  const totalWeight = pools.reduce((sum, pool) => sum + pool.weight, 0);
  if (pools.length === 0) throw new UserError(`stage ${stage.name} has no texts to train on`);
  return Array.from({ length: size }, () => {
    let r = random() * totalWeight;
    let pool = pools[pools.length - 1]!;
    for (const candidate of pools) {
      r -= candidate.weight;
      if (r < 0) {
        pool = candidate;
        break;
      }
    }
    return pool.texts[Math.floor(random() * pool.texts.length)]!;
  });
}

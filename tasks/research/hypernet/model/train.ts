/**
 * Behaviour cloning of either model on the expert's demonstrations: Adam on the paper's Mix loss
 * (2 × MSE on dx, dy + BCE on the grip logit) or an MSE-only loss, with decoupled weight decay
 * (AdamW) on the configured variables; then each instruction's small policy is exported. Seeded
 * and of a fixed number of steps, so a run's result does not depend on the machine's load.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { PolicyWeights } from "../kit/policy.js";
import { deriveSeed, seededRandom } from "../kit/random.js";
import { OBS_DIM } from "../kit/sim.js";
import { exportPolicies, policyForward } from "./base-policy.js";
import type { ModelConfig, TrainConfig } from "./config.js";
import { ACTION_DIM, type InstructionFrames, sampleBatch } from "./demonstrations.js";
import type { TF } from "./init.js";
import { oneHotWords } from "./instruction-encoder.js";
import { createModel, type PolicyModel } from "./models.js";

export interface TrainedModel {
  model: PolicyModel;
  /** Mean training loss over the last tenth of the steps. */
  finalLoss: number;
  /** The small policies of the given instructions. */
  export(instructions: readonly string[]): PolicyWeights[];
}

/** The loss of predictions [n, m, 3] against expert actions [n, m, 3]. */
export function bcLoss(
  tf: TF,
  predicted: tfjs.Tensor3D,
  target: tfjs.Tensor3D,
  head: ModelConfig["lossHead"],
): tfjs.Scalar {
  if (head === "mse") return predicted.sub(target).square().mean().mul(3) as tfjs.Scalar;
  const [n, m] = predicted.shape;
  const move = predicted.slice([0, 0, 0], [n, m, 2]);
  const moveTarget = target.slice([0, 0, 0], [n, m, 2]);
  const logit = predicted.slice([0, 0, 2], [n, m, 1]);
  const closed = target.slice([0, 0, 2], [n, m, 1]).greater(0).toFloat();
  // BCE with logits, written out: max(x, 0) − x·z + log(1 + e^−|x|).
  const bce = tf
    .relu(logit)
    .sub(logit.mul(closed))
    .add(tf.log1p(tf.exp(logit.abs().neg())));
  return move.sub(moveTarget).square().mean().mul(2).add(bce.mean()) as tfjs.Scalar;
}

export function trainModel(
  tf: TF,
  groups: readonly InstructionFrames[],
  config: ModelConfig,
  training: TrainConfig,
): TrainedModel {
  const random = seededRandom(deriveSeed(training.seed, "init"));
  const batches = seededRandom(deriveSeed(training.seed, "batches"));
  const model = createModel(tf, random, config);
  const optimizer = tf.train.adam(training.learningRate);
  const n = groups.length;
  const m = training.framesPerInstruction;
  const words = oneHotWords(
    tf,
    groups.map((g) => g.instruction),
  );
  const losses: number[] = [];
  const tail = Math.max(1, Math.floor(training.steps / 10));
  // The learning rate follows a cosine from its peak down to a tenth (Adam reads it every step).
  const schedule = optimizer as unknown as { learningRate: number };
  for (let step = 0; step < training.steps; step++) {
    const lr = training.learningRate * (0.1 + 0.45 * (1 + Math.cos((Math.PI * step) / training.steps)));
    schedule.learningRate = lr;
    const batch = sampleBatch(groups, m, batches);
    tf.tidy(() => {
      const obs = tf.tensor3d(batch.obs, [n, m, OBS_DIM]);
      const actions = tf.tensor3d(batch.actions, [n, m, ACTION_DIM]);
      const loss = optimizer.minimize(
        () => bcLoss(tf, policyForward(tf, model.policies(words, n), obs), actions, config.lossHead),
        step >= training.steps - tail,
        model.variables,
      );
      if (loss !== null) losses.push(loss.dataSync()[0]!);
      const decay = 1 - lr * config.weightDecay;
      if (decay < 1) for (const v of model.decayed) v.assign(v.mul(decay));
    });
  }
  words.dispose();
  optimizer.dispose();
  return {
    model,
    finalLoss: losses.reduce((a, b) => a + b, 0) / Math.max(1, losses.length),
    export(instructions) {
      let policies: PolicyWeights[] = [];
      tf.tidy(() => {
        const params = model.policies(oneHotWords(tf, instructions), instructions.length);
        policies = exportPolicies(params, instructions.length);
      });
      return policies;
    },
  };
}

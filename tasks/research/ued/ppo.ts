/**
 * The student's PPO update in TensorFlow.js, with the loss of jaxued's `update_actor_critic_rnn`:
 * clipped surrogate on minibatch-normalised advantages, clipped value loss (the larger of the two
 * squared errors), an entropy bonus; global-norm gradient clipping, then Adam (eps 1e-5). The
 * network mirrors policy.ts; rollouts run on plain arrays read back after each update.
 */
import type * as TfTypes from "@tensorflow/tfjs";
import type { TF } from "../../../sdk/numeric/index.js";
import { GAMMA, gae, LAMBDA } from "./kit/scores.js";
import { ACTIONS, OBS_SIZE } from "./maze.js";
import { HEAD, WEIGHT_KEYS, type Weights } from "./policy.js";
import type { EnvRollout } from "./rollout.js";

type Tensor = TfTypes.Tensor;

export interface PpoConfig {
  learningRate: number;
  clipEps: number;
  entropyCoeff: number;
  criticCoeff: number;
  epochs: number;
  minibatches: number;
  maxGradNorm: number;
  gamma: number;
  lambda: number;
}

/** Scaled to a few hundred updates on 2 cores (the official student: lr 2.4e-4 over 30k updates). */
export const PPO_DEFAULTS: PpoConfig = {
  learningRate: 1e-3,
  clipEps: 0.2,
  entropyCoeff: 0.01,
  criticCoeff: 0.5,
  epochs: 5,
  minibatches: 1,
  maxGradNorm: 0.5,
  gamma: GAMMA,
  lambda: LAMBDA,
};

/** A minibatch as tensors: advantages already normalised (they carry no gradient). */
export interface Minibatch {
  obs: Tensor;
  actionsOneHot: Tensor;
  oldLogProbs: Tensor;
  oldValues: Tensor;
  advantages: Tensor;
  targets: Tensor;
}

/** The network's logits [B, ACTIONS] and values [B]; params in WEIGHT_KEYS order (w1, b1, w2, b2, head, headBias). */
export function tfForward(tf: TF, params: readonly Tensor[], obs: Tensor): { logits: Tensor; value: Tensor } {
  const [w1, b1, w2, b2, head, headBias] = params as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
  const h1 = tf.tanh(tf.add(tf.matMul(obs as TfTypes.Tensor2D, w1 as TfTypes.Tensor2D), b1));
  const h2 = tf.tanh(tf.add(tf.matMul(h1 as TfTypes.Tensor2D, w2 as TfTypes.Tensor2D), b2));
  const out = tf.add(tf.matMul(h2 as TfTypes.Tensor2D, head as TfTypes.Tensor2D), headBias);
  return {
    logits: tf.slice(out, [0, 0], [-1, ACTIONS]),
    value: tf.reshape(tf.slice(out, [0, ACTIONS], [-1, 1]), [-1]),
  };
}

/** jaxued's PPO loss: l_clip + c_v·l_vf − c_e·entropy, on one minibatch. */
export function ppoLoss(
  tf: TF,
  params: readonly Tensor[],
  mb: Minibatch,
  config: Pick<PpoConfig, "clipEps" | "entropyCoeff" | "criticCoeff">,
): TfTypes.Scalar {
  const { logits, value } = tfForward(tf, params, mb.obs);
  const logAll = tf.logSoftmax(logits);
  const logp = tf.sum(tf.mul(logAll, mb.actionsOneHot), 1);
  const ratio = tf.exp(tf.sub(logp, mb.oldLogProbs));
  const eps = config.clipEps;
  const surrogate = tf.minimum(
    tf.mul(ratio, mb.advantages),
    tf.mul(tf.clipByValue(ratio, 1 - eps, 1 + eps), mb.advantages),
  );
  const lClip = tf.neg(tf.mean(surrogate));
  const clippedValue = tf.add(mb.oldValues, tf.clipByValue(tf.sub(value, mb.oldValues), -eps, eps));
  const lVf = tf.mul(
    0.5,
    tf.mean(tf.maximum(tf.square(tf.sub(value, mb.targets)), tf.square(tf.sub(clippedValue, mb.targets)))),
  );
  const entropy = tf.mean(tf.neg(tf.sum(tf.mul(tf.exp(logAll), logAll), 1)));
  return tf.sub(
    tf.add(lClip, tf.mul(config.criticCoeff, lVf)),
    tf.mul(config.entropyCoeff, entropy),
  ) as TfTypes.Scalar;
}

/** Flattened rollout data for one update: inputs, GAE advantages and value targets. */
export interface Batch {
  obs: Float32Array;
  actions: Int32Array;
  logProbs: Float32Array;
  values: Float32Array;
  advantages: Float32Array;
  targets: Float32Array;
}

export function toBatch(rollouts: readonly EnvRollout[], gamma = GAMMA, lambda = LAMBDA): Batch {
  const steps = rollouts[0]?.actions.length ?? 0;
  const n = rollouts.length * steps;
  const batch: Batch = {
    obs: new Float32Array(n * OBS_SIZE),
    actions: new Int32Array(n),
    logProbs: new Float32Array(n),
    values: new Float32Array(n),
    advantages: new Float32Array(n),
    targets: new Float32Array(n),
  };
  rollouts.forEach((r, e) => {
    const adv = gae(r, gamma, lambda);
    batch.obs.set(r.obs, e * steps * OBS_SIZE);
    for (let t = 0; t < steps; t++) {
      const i = e * steps + t;
      batch.actions[i] = r.actions[t]!;
      batch.logProbs[i] = r.logProbs[t]!;
      batch.values[i] = r.values[t]!;
      batch.advantages[i] = adv[t]!;
      batch.targets[i] = adv[t]! + r.values[t]!;
    }
  });
  return batch;
}

function pick(source: Float32Array | Int32Array, idx: readonly number[], width = 1): Float32Array {
  const out = new Float32Array(idx.length * width);
  idx.forEach((i, k) => {
    out.set(source.subarray(i * width, (i + 1) * width), k * width);
  });
  return out;
}

function minibatch(tf: TF, batch: Batch, idx: readonly number[]): Minibatch {
  const adv = pick(batch.advantages, idx);
  const mean = adv.reduce((a, b) => a + b, 0) / adv.length;
  const std = Math.sqrt(adv.reduce((a, b) => a + (b - mean) ** 2, 0) / adv.length);
  const oneHot = new Float32Array(idx.length * ACTIONS);
  idx.forEach((i, k) => {
    oneHot[k * ACTIONS + batch.actions[i]!] = 1;
  });
  return {
    obs: tf.tensor2d(pick(batch.obs, idx, OBS_SIZE), [idx.length, OBS_SIZE]),
    actionsOneHot: tf.tensor2d(oneHot, [idx.length, ACTIONS]),
    oldLogProbs: tf.tensor1d(pick(batch.logProbs, idx)),
    oldValues: tf.tensor1d(pick(batch.values, idx)),
    advantages: tf.tensor1d(adv.map((a) => (a - mean) / (std + 1e-5))),
    targets: tf.tensor1d(pick(batch.targets, idx)),
  };
}

export interface Learner {
  /** PPO epochs over the batch; returns the mean loss. */
  update(batch: Batch, random: () => number): number;
  /** The current weights, read back as plain arrays. */
  weights(): Weights;
  dispose(): void;
}

/** A learner starting from `initial` (its arrays are copied into tf variables). */
export function createLearner(tf: TF, initial: Weights, config: PpoConfig = PPO_DEFAULTS): Learner {
  const h = initial.hidden;
  const shapes: Record<string, number[]> = {
    w1: [OBS_SIZE, h],
    b1: [h],
    w2: [h, h],
    b2: [h],
    head: [h, HEAD],
    headBias: [HEAD],
  };
  const vars = WEIGHT_KEYS.map((key) => tf.variable(tf.tensor(initial[key], shapes[key])));
  const optimizer = tf.train.adam(config.learningRate, 0.9, 0.999, 1e-5);
  return {
    update(batch, random) {
      const n = batch.actions.length;
      const size = Math.floor(n / config.minibatches);
      let total = 0;
      for (let epoch = 0; epoch < config.epochs; epoch++) {
        const order = Array.from({ length: n }, (_, i) => i);
        for (let i = n - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1));
          [order[i], order[j]] = [order[j]!, order[i]!];
        }
        for (let m = 0; m < config.minibatches; m++) {
          total += tf.tidy(() => {
            const mb = minibatch(tf, batch, order.slice(m * size, (m + 1) * size));
            const { value, grads } = tf.variableGrads(() => ppoLoss(tf, vars, mb, config), vars);
            const list = vars.map((v) => grads[v.name]!);
            const norm = tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g)))));
            const scale = tf.minimum(1, tf.div(config.maxGradNorm, tf.add(norm, 1e-6)));
            optimizer.applyGradients(vars.map((v, k) => ({ name: v.name, tensor: tf.mul(list[k]!, scale) })));
            return value.dataSync()[0]!;
          });
        }
      }
      return total / (config.epochs * config.minibatches);
    },
    weights() {
      const read = (k: number) => Float32Array.from(vars[k]!.dataSync());
      return {
        hidden: h,
        w1: read(0),
        b1: read(1),
        w2: read(2),
        b2: read(3),
        head: read(4),
        headBias: read(5),
      };
    },
    dispose() {
      for (const v of vars) v.dispose();
      optimizer.dispose();
    },
  };
}

/**
 * DEGen-lite's level generator: a one-hidden-layer MLP over the student's 5×5 view of the partly
 * generated map (unknown, wall and goal channels), the goal-placed flag, the student's value and the
 * episode's progress; heads: a location among the view's 25 cells (only ungenerated in-grid cells
 * allowed), a type {empty, wall, goal} (goal only while none is placed), and a value. Trained by PPO
 * with the official generator's "entropy": H(location) − KL(type ‖ [0.495, 0.495, 0.01]).
 */
import type * as TfTypes from "@tensorflow/tfjs";
import type { TF } from "../../../sdk/numeric/index.js";
import { VIEW } from "./maze.js";

export const CELLS = VIEW * VIEW;
export const TYPES = 3;
export const GEN_OBS = 3 * CELLS + 3;
const OUT = CELLS + TYPES + 1;
export const TYPE_PRIOR = [0.495, 0.495, 0.01] as const;

export interface GenWeights {
  hidden: number;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
}

export function initGenerator(random: () => number, hidden = 64): GenWeights {
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const layer = (fanIn: number, fanOut: number, gain: number) =>
    Float32Array.from({ length: fanIn * fanOut }, () => (gain * gauss()) / Math.sqrt(fanIn));
  return {
    hidden,
    w1: layer(GEN_OBS, hidden, Math.SQRT2),
    b1: new Float32Array(hidden),
    w2: layer(hidden, OUT, 0.01),
    b2: new Float32Array(OUT),
  };
}

/** Location and type probabilities (masked) and the value, in plain JavaScript. */
export function generatorForward(
  g: GenWeights,
  obs: Float32Array,
  locMask: Uint8Array,
  goalAllowed: boolean,
): { loc: Float64Array; type: Float64Array; value: number } {
  const h = new Float32Array(g.hidden);
  h.set(g.b1);
  for (let i = 0; i < GEN_OBS; i++) {
    const x = obs[i]!;
    if (x === 0) continue;
    for (let j = 0; j < g.hidden; j++) h[j]! += x * g.w1[i * g.hidden + j]!;
  }
  for (let j = 0; j < g.hidden; j++) h[j] = Math.tanh(h[j]!);
  const out = Float64Array.from(g.b2);
  for (let j = 0; j < g.hidden; j++) for (let k = 0; k < OUT; k++) out[k]! += h[j]! * g.w2[j * OUT + k]!;
  const masked = (from: number, count: number, allowed: (i: number) => boolean) => {
    const p = new Float64Array(count);
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < count; i++) if (allowed(i)) max = Math.max(max, out[from + i]!);
    let sum = 0;
    for (let i = 0; i < count; i++) {
      p[i] = allowed(i) ? Math.exp(out[from + i]! - max) : 0;
      sum += p[i]!;
    }
    for (let i = 0; i < count; i++) p[i]! /= sum;
    return p;
  };
  return {
    loc: masked(0, CELLS, (i) => locMask[i] === 1),
    type: masked(CELLS, TYPES, (i) => i < 2 || goalAllowed),
    value: out[CELLS + TYPES]!,
  };
}

/** One generator update's data (flattened over environments). */
export interface GenBatch {
  obs: Float32Array;
  locMask: Float32Array;
  typeMask: Float32Array;
  loc: Int32Array;
  type: Int32Array;
  logProbs: Float32Array;
  values: Float32Array;
  advantages: Float32Array;
  targets: Float32Array;
}

export interface GenConfig {
  learningRate: number;
  clipEps: number;
  entropyCoeff: number;
  epochs: number;
}

/** The official generator's lr, clip and entropy coefficient. */
export const GEN_DEFAULTS: GenConfig = { learningRate: 1e-3, clipEps: 0.2, entropyCoeff: 0.05, epochs: 4 };

function loss(tf: TF, vars: TfTypes.Variable[], t: Record<string, TfTypes.Tensor>, config: GenConfig) {
  const [w1, b1, w2, b2] = vars as unknown as [
    TfTypes.Tensor2D,
    TfTypes.Tensor,
    TfTypes.Tensor2D,
    TfTypes.Tensor,
  ];
  const h = tf.tanh(tf.add(tf.matMul(t.obs as TfTypes.Tensor2D, w1), b1));
  const out = tf.add(tf.matMul(h as TfTypes.Tensor2D, w2), b2);
  const big = (mask: TfTypes.Tensor) => tf.mul(tf.sub(1, mask), -1e9);
  const logLoc = tf.logSoftmax(tf.add(tf.slice(out, [0, 0], [-1, CELLS]), big(t.locMask!)));
  const logType = tf.logSoftmax(tf.add(tf.slice(out, [0, CELLS], [-1, TYPES]), big(t.typeMask!)));
  const value = tf.reshape(tf.slice(out, [0, CELLS + TYPES], [-1, 1]), [-1]);
  const logp = tf.add(tf.sum(tf.mul(logLoc, t.locOneHot!), 1), tf.sum(tf.mul(logType, t.typeOneHot!), 1));
  const ratio = tf.exp(tf.sub(logp, t.logProbs!));
  const eps = config.clipEps;
  const lClip = tf.neg(
    tf.mean(tf.minimum(tf.mul(ratio, t.adv!), tf.mul(tf.clipByValue(ratio, 1 - eps, 1 + eps), t.adv!))),
  );
  const lVf = tf.mul(0.5, tf.mean(tf.square(tf.sub(value, t.targets!))));
  const pLoc = tf.exp(logLoc);
  const hLoc = tf.neg(tf.sum(tf.mul(pLoc, tf.mul(logLoc, t.locMask!)), 1));
  const pType = tf.exp(logType);
  const kl = tf.sum(tf.mul(pType, tf.mul(tf.sub(logType, t.logPrior!), t.typeMask!)), 1);
  const bonus = tf.mean(tf.sub(hLoc, kl));
  return tf.sub(tf.add(lClip, tf.mul(0.5, lVf)), tf.mul(config.entropyCoeff, bonus)) as TfTypes.Scalar;
}

export interface GenLearner {
  update(batch: GenBatch): void;
  weights(): GenWeights;
  dispose(): void;
}

export function createGenLearner(tf: TF, initial: GenWeights, config: GenConfig = GEN_DEFAULTS): GenLearner {
  const h = initial.hidden;
  const vars = [
    tf.variable(tf.tensor2d(initial.w1, [GEN_OBS, h])),
    tf.variable(tf.tensor1d(initial.b1)),
    tf.variable(tf.tensor2d(initial.w2, [h, OUT])),
    tf.variable(tf.tensor1d(initial.b2)),
  ];
  const optimizer = tf.train.adam(config.learningRate, 0.9, 0.999, 1e-5);
  return {
    update(batch) {
      const n = batch.loc.length;
      if (n < 2) return;
      const adv = batch.advantages;
      const mean = adv.reduce((a, b) => a + b, 0) / n;
      const std = Math.sqrt(adv.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
      tf.tidy(() => {
        const oneHot = (idx: Int32Array, width: number) =>
          tf.oneHot(tf.tensor1d(idx, "int32"), width).toFloat();
        const t = {
          obs: tf.tensor2d(batch.obs, [n, GEN_OBS]),
          locMask: tf.tensor2d(batch.locMask, [n, CELLS]),
          typeMask: tf.tensor2d(batch.typeMask, [n, TYPES]),
          locOneHot: oneHot(batch.loc, CELLS),
          typeOneHot: oneHot(batch.type, TYPES),
          logProbs: tf.tensor1d(batch.logProbs),
          adv: tf.tensor1d(adv.map((a) => (a - mean) / (std + 1e-5))),
          targets: tf.tensor1d(batch.targets),
          logPrior: tf.tensor1d(TYPE_PRIOR.map(Math.log)),
        };
        for (let epoch = 0; epoch < config.epochs; epoch++) {
          const { grads } = tf.variableGrads(() => loss(tf, vars, t, config), vars);
          const list = vars.map((v) => grads[v.name]!);
          const norm = tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g)))));
          const scale = tf.minimum(1, tf.div(0.5, tf.add(norm, 1e-6)));
          optimizer.applyGradients(vars.map((v, k) => ({ name: v.name, tensor: tf.mul(list[k]!, scale) })));
        }
      });
    },
    weights() {
      const read = (k: number) => Float32Array.from(vars[k]!.dataSync());
      return { hidden: h, w1: read(0), b1: read(1), w2: read(2), b2: read(3) };
    },
    dispose() {
      for (const v of vars) v.dispose();
      optimizer.dispose();
    },
  };
}

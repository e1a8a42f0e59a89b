/**
 * A small pre-LN decoder transformer in TensorFlow.js. Embeddings are one-hot × matrix because the
 * wasm backend lacks the gradient of gather. The recipe's architectural switches live here:
 * QK-norm (LayerNorm on queries and keys, with learnt gains), attention- and output-logit
 * soft-capping. The forward pass also reports each layer's largest attention logit.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { deriveSeed, gaussian, seededRandom } from "./random.js";
import type { Recipe } from "./recipe.js";

export type TF = typeof import("@tensorflow/tfjs");
type Tensor = tfjs.Tensor;

export interface ModelShape {
  vocab: number;
  /** Context length (tokens per training sequence, inputs). */
  context: number;
  layers: number;
  width: number;
  heads: number;
}

export type Params = Map<string, tfjs.Variable>;

/** Names of the parameters that weight decay applies to (matrices, not gains or biases). */
export function isMatrix(name: string): boolean {
  return name === "emb" || name === "pos" || name === "out" || /\.w[qkvo12]$/.test(name);
}

/** Seeded initial parameters: N(0, 1/fan-in) matrices, residual outputs scaled by 1/√(2L). */
export function initParams(tf: TF, shape: ModelShape, seed: number): Params {
  const random = seededRandom(deriveSeed(seed, "init"));
  const { vocab, context, layers, width } = shape;
  const params: Params = new Map();
  const matrix = (name: string, rows: number, cols: number, std: number) => {
    const values = Float32Array.from({ length: rows * cols }, () => gaussian(random) * std);
    params.set(name, tf.variable(tf.tensor2d(values, [rows, cols]), true, name));
  };
  const fill = (name: string, size: number, value: number) =>
    params.set(name, tf.variable(tf.fill([size], value), true, name));
  const residual = 1 / Math.sqrt(2 * layers);
  matrix("emb", vocab, width, 1);
  matrix("pos", context, width, 0.1);
  const headDim = width / shape.heads;
  for (let l = 0; l < layers; l++) {
    fill(`l${l}.ln1g`, width, 1);
    fill(`l${l}.ln1b`, width, 0);
    for (const w of ["wq", "wk", "wv"]) matrix(`l${l}.${w}`, width, width, 1 / Math.sqrt(width));
    matrix(`l${l}.wo`, width, width, residual / Math.sqrt(width));
    fill(`l${l}.qg`, headDim, 1);
    fill(`l${l}.kg`, headDim, 1);
    fill(`l${l}.ln2g`, width, 1);
    fill(`l${l}.ln2b`, width, 0);
    matrix(`l${l}.w1`, width, 4 * width, 1 / Math.sqrt(width));
    fill(`l${l}.b1`, 4 * width, 0);
    matrix(`l${l}.w2`, 4 * width, width, residual / Math.sqrt(4 * width));
    fill(`l${l}.b2`, width, 0);
  }
  fill("lnfg", width, 1);
  fill("lnfb", width, 0);
  matrix("out", width, vocab, 1 / Math.sqrt(width));
  return params;
}

/** The parameters the recipe trains (QK-norm gains only with QK-norm). */
export function trainable(params: Params, recipe: Recipe): tfjs.Variable[] {
  return [...params.entries()]
    .filter(([name]) => recipe.qkNorm || !/\.(qg|kg)$/.test(name))
    .map(([, v]) => v);
}

function layerNorm(tf: TF, x: Tensor, gain?: Tensor, bias?: Tensor): Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  const normed = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5)));
  const scaled = gain === undefined ? normed : tf.mul(normed, gain);
  return bias === undefined ? scaled : tf.add(scaled, bias);
}

const softCap = (tf: TF, x: Tensor, cap: number): Tensor =>
  cap > 0 ? tf.mul(tf.tanh(tf.div(x, cap)), cap) : x;

export interface Forward {
  /** Output logits [B·T, V] (after any soft-cap). */
  logits: Tensor;
  /** Per layer: the largest causal attention logit q·k/√d before any cap, as a scalar tensor. */
  maxAttnLogits: Tensor[];
  /** With a key mask: per layer, the same over keys that are noise tokens, and over clean keys. */
  byKey?: { noise: Tensor[]; clean: Tensor[] };
}

/**
 * The forward pass on token ids [B][T]: inputs one-hot × embedding. `noiseKeys` ([B][T], 1 where
 * the token is noise) asks for the largest attention logits onto noise and onto clean tokens.
 */
export function forward(
  tf: TF,
  params: Params,
  shape: ModelShape,
  recipe: Recipe,
  inputs: Tensor,
  noiseKeys?: Tensor,
): Forward {
  const p = (name: string) => params.get(name)!;
  const [batch, time] = inputs.shape as [number, number];
  const { width, heads, vocab } = shape;
  const headDim = width / heads;
  const oneHot = tf.oneHot(tf.reshape(inputs, [-1]) as tfjs.Tensor1D, vocab).toFloat();
  let x = tf.add(
    tf.reshape(tf.matMul(oneHot, p("emb")), [batch, time, width]),
    tf.slice(p("pos"), [0, 0], [time, width]),
  );
  const causal = tf.linalg.bandPart(tf.ones([time, time]), -1, 0);
  const mask = tf.mul(tf.sub(1, causal), -1e9);
  const maxAttnLogits: Tensor[] = [];
  const byKey = noiseKeys === undefined ? undefined : { noise: [] as Tensor[], clean: [] as Tensor[] };
  const keyBias = (keep: Tensor) => tf.reshape(tf.mul(tf.sub(1, keep), -1e9), [batch, 1, 1, time]);
  const onNoise = noiseKeys === undefined ? undefined : keyBias(noiseKeys);
  const onClean = noiseKeys === undefined ? undefined : keyBias(tf.sub(1, noiseKeys));
  const split = (t: Tensor) => tf.transpose(tf.reshape(t, [batch, time, heads, headDim]), [0, 2, 1, 3]);
  for (let l = 0; l < shape.layers; l++) {
    const h = tf.reshape(layerNorm(tf, x, p(`l${l}.ln1g`), p(`l${l}.ln1b`)), [batch * time, width]);
    let q = split(tf.matMul(h, p(`l${l}.wq`)));
    let k = split(tf.matMul(h, p(`l${l}.wk`)));
    const v = split(tf.matMul(h, p(`l${l}.wv`)));
    if (recipe.qkNorm) {
      q = layerNorm(tf, q, p(`l${l}.qg`));
      k = layerNorm(tf, k, p(`l${l}.kg`));
    }
    const raw = tf.div(tf.matMul(q, k, false, true), Math.sqrt(headDim));
    maxAttnLogits.push(tf.max(tf.add(raw, mask)));
    if (byKey !== undefined && onNoise !== undefined && onClean !== undefined) {
      byKey.noise.push(tf.max(tf.add(tf.add(raw, mask), onNoise)));
      byKey.clean.push(tf.max(tf.add(tf.add(raw, mask), onClean)));
    }
    const att = tf.softmax(tf.add(softCap(tf, raw, recipe.attnSoftCap), mask));
    const mixed = tf.reshape(tf.transpose(tf.matMul(att, v), [0, 2, 1, 3]), [batch * time, width]);
    x = tf.add(x, tf.reshape(tf.matMul(mixed, p(`l${l}.wo`)), [batch, time, width]));
    const h2 = tf.reshape(layerNorm(tf, x, p(`l${l}.ln2g`), p(`l${l}.ln2b`)), [batch * time, width]);
    const hidden = tf.relu(tf.add(tf.matMul(h2, p(`l${l}.w1`)), p(`l${l}.b1`)));
    const mlp = tf.add(tf.matMul(hidden, p(`l${l}.w2`)), p(`l${l}.b2`));
    x = tf.add(x, tf.reshape(mlp, [batch, time, width]));
  }
  const final = tf.reshape(layerNorm(tf, x, p("lnfg"), p("lnfb")), [batch * time, width]);
  const logits = softCap(tf, tf.matMul(final, p("out")), recipe.logitSoftCap);
  return byKey === undefined ? { logits, maxAttnLogits } : { logits, maxAttnLogits, byKey };
}

/** Mean next-token cross-entropy and mean log² Z over all positions, from logits and target ids. */
export function lossTerms(
  tf: TF,
  logits: Tensor,
  targets: Tensor,
  vocab: number,
): { ce: Tensor; z2: Tensor } {
  const logZ = tf.logSumExp(logits, -1);
  const picked = tf.sum(
    tf.mul(logits, tf.oneHot(tf.reshape(targets, [-1]) as tfjs.Tensor1D, vocab).toFloat()),
    -1,
  );
  return { ce: tf.mean(tf.sub(logZ, picked)), z2: tf.mean(tf.square(logZ)) };
}

/**
 * A small decoder-only transformer written with plain tf ops (tf.layers has no multi-head
 * attention): token and position embeddings, pre-norm blocks of causal self-attention and a ReLU
 * MLP, a final layer norm and an output layer tied to the token embedding. Parameters are plain
 * tensors in a fixed order, so gradients, Adam moments and checkpoints line up by index.
 */
import { SystemError } from "../../../sdk/errors.js";
import { deriveSeed, seededRandom } from "../../../sdk/internal/random.js";
import type { TF } from "../../../sdk/numeric/index.js";

type Tensor = ReturnType<TF["tensor"]>;

export interface ModelConfig {
  vocabSize: number;
  /** Longest sequence the position embedding covers. */
  contextLength: number;
  dModel: number;
  heads: number;
  layers: number;
  /** Width of the MLP's hidden layer. */
  dFF: number;
}

export interface ParamSpec {
  name: string;
  shape: number[];
  /** "normal" draws N(0, std²); "ones" and "zeros" are layer-norm and bias initialisers. */
  init: { kind: "normal"; std: number } | { kind: "ones" } | { kind: "zeros" };
}

/** The parameters' names, shapes and initialisers, in the order every list of them follows. */
export function paramSpecs(config: ModelConfig): ParamSpec[] {
  const { vocabSize, contextLength, dModel: d, dFF, layers } = config;
  const normal = (std: number) => ({ kind: "normal" as const, std });
  const ones = { kind: "ones" as const };
  const zeros = { kind: "zeros" as const };
  // Residual outputs are scaled down with depth (GPT-2) so the stream's variance stays steady.
  const residualStd = 0.02 / Math.sqrt(2 * layers);
  const specs: ParamSpec[] = [
    { name: "tokens", shape: [vocabSize, d], init: normal(0.02) },
    { name: "positions", shape: [contextLength, d], init: normal(0.01) },
  ];
  for (let l = 0; l < layers; l++) {
    specs.push(
      { name: `l${l}.ln1.g`, shape: [d], init: ones },
      { name: `l${l}.ln1.b`, shape: [d], init: zeros },
      { name: `l${l}.qkv.w`, shape: [d, 3 * d], init: normal(0.02) },
      { name: `l${l}.qkv.b`, shape: [3 * d], init: zeros },
      { name: `l${l}.out.w`, shape: [d, d], init: normal(residualStd) },
      { name: `l${l}.out.b`, shape: [d], init: zeros },
      { name: `l${l}.ln2.g`, shape: [d], init: ones },
      { name: `l${l}.ln2.b`, shape: [d], init: zeros },
      { name: `l${l}.fc.w`, shape: [d, dFF], init: normal(0.02) },
      { name: `l${l}.fc.b`, shape: [dFF], init: zeros },
      { name: `l${l}.proj.w`, shape: [dFF, d], init: normal(residualStd) },
      { name: `l${l}.proj.b`, shape: [d], init: zeros },
    );
  }
  specs.push({ name: "lnf.g", shape: [d], init: ones }, { name: "lnf.b", shape: [d], init: zeros });
  return specs;
}

export function paramCount(config: ModelConfig): number {
  return paramSpecs(config).reduce((sum, spec) => sum + spec.shape.reduce((a, b) => a * b, 1), 0);
}

/** Initial parameters from the seed alone (our own generator, so every backend starts equal). */
export function initParams(tf: TF, config: ModelConfig, seed: number): Tensor[] {
  return paramSpecs(config).map((spec) => {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    if (spec.init.kind === "ones") values.fill(1);
    if (spec.init.kind === "normal")
      fillNormal(values, spec.init.std, seededRandom(deriveSeed(seed, spec.name)));
    return tf.tensor(values, spec.shape);
  });
}

function fillNormal(out: Float32Array, std: number, random: () => number): void {
  for (let i = 0; i < out.length; i += 2) {
    const u = Math.max(random(), 1e-12);
    const r = Math.sqrt(-2 * Math.log(u)) * std;
    const angle = 2 * Math.PI * random();
    out[i] = r * Math.cos(angle);
    if (i + 1 < out.length) out[i + 1] = r * Math.sin(angle);
  }
}

/** Logits [batch, time, vocab] for int32 token ids [batch, time]; position t sees tokens ≤ t only. */
export function forward(tf: TF, config: ModelConfig, params: readonly Tensor[], tokens: Tensor): Tensor {
  const [batch, time] = tokens.shape as [number, number];
  const p = byName(config, params);
  const d = config.dModel;
  let x = tf.add(tf.gather(p("tokens"), tokens), tf.slice(p("positions"), [0, 0], [time, d]));
  const mask = causalMask(tf, time);
  for (let l = 0; l < config.layers; l++) {
    const h = layerNorm(tf, x, p(`l${l}.ln1.g`), p(`l${l}.ln1.b`));
    x = tf.add(
      x,
      attention(tf, config, h, mask, (n) => p(`l${l}.${n}`)),
    );
    const h2 = layerNorm(tf, x, p(`l${l}.ln2.g`), p(`l${l}.ln2.b`));
    const hidden = tf.relu(dense(tf, h2, p(`l${l}.fc.w`), p(`l${l}.fc.b`)));
    x = tf.add(x, dense(tf, hidden, p(`l${l}.proj.w`), p(`l${l}.proj.b`)));
  }
  const out = layerNorm(tf, x, p("lnf.g"), p("lnf.b"));
  const flat = tf.matMul(tf.reshape(out, [batch * time, d]), p("tokens"), false, true);
  return tf.reshape(flat, [batch, time, config.vocabSize]);
}

function attention(
  tf: TF,
  config: ModelConfig,
  h: Tensor,
  mask: Tensor,
  p: (name: string) => Tensor,
): Tensor {
  const [batch, time, d] = h.shape as [number, number, number];
  const heads = config.heads;
  const headDim = d / heads;
  const qkv = tf.reshape(dense(tf, h, p("qkv.w"), p("qkv.b")), [batch, time, 3, heads, headDim]);
  const [q, k, v] = tf.unstack(tf.transpose(qkv, [2, 0, 3, 1, 4])) as [Tensor, Tensor, Tensor];
  const scores = tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(headDim)), mask);
  const mixed = tf.matMul(tf.softmax(scores), v);
  const merged = tf.reshape(tf.transpose(mixed, [0, 2, 1, 3]), [batch, time, d]);
  return dense(tf, merged, p("out.w"), p("out.b"));
}

/** x [.., in] · w [in, out] + b over the last axis. */
function dense(tf: TF, x: Tensor, w: Tensor, b: Tensor): Tensor {
  const shape = x.shape;
  const rows = shape.slice(0, -1).reduce((a, c) => a * c, 1);
  const flat = tf.add(tf.matMul(tf.reshape(x, [rows, shape[shape.length - 1]!]), w), b);
  return tf.reshape(flat, [...shape.slice(0, -1), w.shape[1]!]);
}

function layerNorm(tf: TF, x: Tensor, gain: Tensor, bias: Tensor): Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), gain), bias);
}

/** 0 on and below the diagonal, -1e9 above it: added to attention scores before the softmax. */
function causalMask(tf: TF, time: number): Tensor {
  const lower = tf.linalg.bandPart(tf.ones([time, time]), -1, 0);
  return tf.mul(tf.sub(1, lower), -1e9);
}

function byName(config: ModelConfig, params: readonly Tensor[]): (name: string) => Tensor {
  const names = paramSpecs(config).map((spec) => spec.name);
  const index = new Map(names.map((name, i) => [name, i]));
  return (name) => {
    const tensor = params[index.get(name) ?? -1];
    if (tensor === undefined)
      throw new SystemError(
        `the model has no parameter ${name}; the parameter list does not match the config`,
      );
    return tensor;
  };
}

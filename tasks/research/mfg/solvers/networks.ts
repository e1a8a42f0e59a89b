/**
 * The policy networks of the three structural methods, in TensorFlow.js. All share one head,
 * π_t(·|s) = softmax(MLP([emb(s), Dense(e_t)])) for every state at once, and differ in e_t:
 * SPG feeds the current public observation o_t; SPG+time appends t/T; RSPG runs a GRU over the
 * observation history and feeds Dense(relu(h_t)). State embeddings are one-hot × matrix (the
 * wasm backend cannot differentiate a gather).
 */
import type * as tfjs from "@tensorflow/tfjs";
import { gaussian, seededRandom } from "../kit/random.js";

type TF = typeof import("@tensorflow/tfjs");
type Tensor = tfjs.Tensor;

export type Method = "spg" | "spg-time" | "rspg";

export interface NetShape {
  nStates: number;
  nActions: number;
  obsSize: number;
  horizon: number;
}

/** A recurrent carry (RSPG) or nothing (SPG). */
export type Carry = Tensor | undefined;

export interface PolicyNet {
  method: Method;
  variables: tfjs.Variable[];
  /** One rollout step: observations [B, O] at step t → logits [B, S, A] and the next carry. */
  step(obs: Tensor, t: number, carry: Carry): { logits: Tensor; carry: Carry };
  /** Logits of whole sequences, for the gradient: observations [B, T, O] → [B, T, S, A]. */
  sequence(obs: Tensor): Tensor;
}

export interface NetOptions {
  hidden?: number;
  gruSize?: number;
  seed: number;
}

/** Glorot-normal weights from our own seeded stream (reproducible on every backend). */
function weight(tf: TF, random: () => number, rows: number, cols: number): tfjs.Variable {
  const scale = Math.sqrt(2 / (rows + cols));
  const values = Float32Array.from({ length: rows * cols }, () => gaussian(random) * scale);
  return tf.tidy(() => tf.variable(tf.tensor2d(values, [rows, cols])));
}

const bias = (tf: TF, size: number): tfjs.Variable => tf.tidy(() => tf.variable(tf.zeros([size])));

/** The shared head: embeddings [N, E] → logits [N, S, A]. */
function makeHead(tf: TF, random: () => number, shape: NetShape, inputSize: number, hidden: number) {
  const embed = weight(tf, random, shape.nStates, hidden);
  const wIn = weight(tf, random, inputSize, hidden);
  const b1 = bias(tf, hidden);
  const w2 = weight(tf, random, hidden, hidden);
  const b2 = bias(tf, hidden);
  const w3 = weight(tf, random, hidden, shape.nActions);
  const b3 = bias(tf, shape.nActions);
  const apply = (e: Tensor): Tensor => {
    const n = e.shape[0] ?? 1;
    const context = tf.matMul(e as tfjs.Tensor2D, wIn).reshape([n, 1, hidden]);
    const h1 = tf.relu(tf.add(tf.add(context, embed.reshape([1, shape.nStates, hidden])), b1));
    const h2 = tf.relu(tf.add(tf.matMul(h1.reshape([n * shape.nStates, hidden]) as tfjs.Tensor2D, w2), b2));
    return tf.add(tf.matMul(h2, w3), b3).reshape([n, shape.nStates, shape.nActions]);
  };
  return { apply, variables: [embed, wIn, b1, w2, b2, w3, b3] };
}

/** SPG (o_t) or SPG+time ([o_t, t/T]). */
function memoryless(tf: TF, shape: NetShape, method: Method, options: NetOptions): PolicyNet {
  const random = seededRandom(options.seed);
  const timed = method === "spg-time";
  const head = makeHead(tf, random, shape, shape.obsSize + (timed ? 1 : 0), options.hidden ?? 32);
  const withTime = (obs: Tensor, times: Tensor): Tensor => (timed ? tf.concat([obs, times], -1) : obs);
  return {
    method,
    variables: head.variables,
    step: (obs, t) => {
      const times = tf.fill([obs.shape[0] ?? 1, 1], t / shape.horizon);
      return { logits: head.apply(withTime(obs, times)), carry: undefined };
    },
    sequence: (obs) => {
      const [b = 1, T = 1, o = 1] = obs.shape;
      const times = tf.tile(tf.range(0, T).div(shape.horizon).reshape([1, T, 1]), [b, 1, 1]);
      const flat = withTime(obs, times).reshape([b * T, o + (timed ? 1 : 0)]);
      return head.apply(flat).reshape([b, T, shape.nStates, shape.nActions]);
    },
  };
}

/** RSPG: h_t = GRU(h_{t−1}, o_t), e_t = Dense(relu(h_t)). */
function recurrent(tf: TF, shape: NetShape, options: NetOptions): PolicyNet {
  const random = seededRandom(options.seed);
  const size = options.gruSize ?? 32;
  const hidden = options.hidden ?? 32;
  const wx = weight(tf, random, shape.obsSize, 3 * size);
  const wh = weight(tf, random, size, 3 * size);
  const bx = bias(tf, 3 * size);
  const wd = weight(tf, random, size, hidden);
  const bd = bias(tf, hidden);
  const head = makeHead(tf, random, shape, hidden, hidden);
  const gru = (h: Tensor, x: Tensor): Tensor => {
    const gx = tf.add(tf.matMul(x as tfjs.Tensor2D, wx), bx);
    const gh = tf.matMul(h as tfjs.Tensor2D, wh);
    const [xz, xr, xn] = tf.split(gx, 3, 1) as [Tensor, Tensor, Tensor];
    const [hz, hr, hn] = tf.split(gh, 3, 1) as [Tensor, Tensor, Tensor];
    const z = tf.sigmoid(tf.add(xz, hz));
    const r = tf.sigmoid(tf.add(xr, hr));
    const n = tf.tanh(tf.add(xn, tf.mul(r, hn)));
    return tf.add(tf.mul(tf.sub(1, z), n), tf.mul(z, h));
  };
  const embed = (h: Tensor): Tensor => tf.add(tf.matMul(tf.relu(h) as tfjs.Tensor2D, wd), bd);
  return {
    method: "rspg",
    variables: [wx, wh, bx, wd, bd, ...head.variables],
    step: (obs, _t, carry) => {
      const h = gru(carry ?? tf.zeros([obs.shape[0] ?? 1, size]), obs);
      return { logits: head.apply(embed(h)), carry: h };
    },
    sequence: (obs) => {
      const [b = 1, T = 1] = obs.shape;
      let h: Tensor = tf.zeros([b, size]);
      const states: Tensor[] = [];
      for (let t = 0; t < T; t++) {
        h = gru(h, obs.slice([0, t, 0], [b, 1, shape.obsSize]).reshape([b, shape.obsSize]));
        states.push(h);
      }
      const flat = tf.stack(states, 1).reshape([b * T, size]);
      return head.apply(embed(flat)).reshape([b, T, shape.nStates, shape.nActions]);
    },
  };
}

export function makePolicyNet(tf: TF, method: Method, shape: NetShape, options: NetOptions): PolicyNet {
  return method === "rspg" ? recurrent(tf, shape, options) : memoryless(tf, shape, method, options);
}

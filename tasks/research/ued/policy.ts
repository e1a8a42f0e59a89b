/**
 * The student network as plain arrays: an MLP over the egocentric view and facing, two tanh layers,
 * then one linear head with the three action logits and the value. The forward pass here is plain
 * JavaScript (rollouts, exact evaluation, the task's generator); ppo.ts mirrors it in TensorFlow.js
 * for the gradient step, and a test checks that the two agree.
 */
import { ACTIONS, OBS_SIZE } from "./maze.js";

/** Weights, row-major: w1 [OBS_SIZE × hidden], w2 [hidden × hidden], head [hidden × (ACTIONS + 1)]. */
export interface Weights {
  hidden: number;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
  head: Float32Array;
  headBias: Float32Array;
}

export const HEAD = ACTIONS + 1;

function gaussian(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Scaled Gaussian initialisation; the policy logits start near zero (a uniform policy), as orthogonal(0.01) does. */
export function initWeights(random: () => number, hidden = 32): Weights {
  const layer = (fanIn: number, fanOut: number, gain: number) =>
    Float32Array.from({ length: fanIn * fanOut }, () => (gain * gaussian(random)) / Math.sqrt(fanIn));
  const head = layer(hidden, HEAD, 1);
  for (let j = 0; j < hidden; j++) for (let a = 0; a < ACTIONS; a++) head[j * HEAD + a]! *= 0.01;
  return {
    hidden,
    w1: layer(OBS_SIZE, hidden, Math.SQRT2),
    b1: new Float32Array(hidden),
    w2: layer(hidden, hidden, Math.SQRT2),
    b2: new Float32Array(hidden),
    head,
    headBias: new Float32Array(HEAD),
  };
}

/** Scratch buffers for forward passes without allocation. */
export interface Scratch {
  h1: Float32Array;
  h2: Float32Array;
  out: Float32Array;
}

export function scratch(hidden: number): Scratch {
  return { h1: new Float32Array(hidden), h2: new Float32Array(hidden), out: new Float32Array(HEAD) };
}

function dense(
  x: ArrayLike<number>,
  w: Float32Array,
  b: Float32Array,
  out: Float32Array,
  activate: boolean,
): void {
  const n = out.length;
  out.set(b);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const row = i * n;
    for (let j = 0; j < n; j++) out[j]! += xi * w[row + j]!;
  }
  if (activate) for (let j = 0; j < n; j++) out[j] = Math.tanh(out[j]!);
}

/** Logits (ACTIONS) then the value, in `s.out`. */
export function forward(weights: Weights, obs: ArrayLike<number>, s: Scratch): Float32Array {
  dense(obs, weights.w1, weights.b1, s.h1, true);
  dense(s.h1, weights.w2, weights.b2, s.h2, true);
  dense(s.h2, weights.head, weights.headBias, s.out, false);
  return s.out;
}

/** Softmax of the first ACTIONS entries of `out` into `probs`. */
export function softmax(out: ArrayLike<number>, probs = new Float64Array(ACTIONS)): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let a = 0; a < ACTIONS; a++) max = Math.max(max, out[a]!);
  let sum = 0;
  for (let a = 0; a < ACTIONS; a++) {
    probs[a] = Math.exp(out[a]! - max);
    sum += probs[a]!;
  }
  for (let a = 0; a < ACTIONS; a++) probs[a]! /= sum;
  return probs;
}

/** An action drawn from `probs` with one uniform number. */
export function sample(probs: ArrayLike<number>, u: number): number {
  let acc = 0;
  for (let a = 0; a < ACTIONS - 1; a++) {
    acc += probs[a]!;
    if (u < acc) return a;
  }
  return ACTIONS - 1;
}

type WeightKey = "w1" | "b1" | "w2" | "b2" | "head" | "headBias";
export const WEIGHT_KEYS: readonly WeightKey[] = ["w1", "b1", "w2", "b2", "head", "headBias"];

/** Weights as JSON-friendly numbers, rounded to 6 decimals (the shipped students are these roundings). */
export function weightsToJson(weights: Weights): { hidden: number } & Record<WeightKey, number[]> {
  const round = (a: Float32Array) => Array.from(a, (v) => Math.round(v * 1e6) / 1e6);
  return {
    hidden: weights.hidden,
    w1: round(weights.w1),
    b1: round(weights.b1),
    w2: round(weights.w2),
    b2: round(weights.b2),
    head: round(weights.head),
    headBias: round(weights.headBias),
  };
}

export function weightsFromJson(json: { hidden: number } & Record<WeightKey, number[]>): Weights {
  return {
    hidden: json.hidden,
    w1: Float32Array.from(json.w1),
    b1: Float32Array.from(json.b1),
    w2: Float32Array.from(json.w2),
    b2: Float32Array.from(json.b2),
    head: Float32Array.from(json.head),
    headBias: Float32Array.from(json.headBias),
  };
}

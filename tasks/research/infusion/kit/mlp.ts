/**
 * The model: a dense ReLU network in plain float64 TypeScript. Each layer is one row-major matrix
 * of shape out × (in + 1) whose last column is the bias (kronfluence's [W | b] layout), so a
 * layer's per-example gradient is the outer product g āᵀ of the pre-activation gradient g and the
 * augmented input ā = [a; 1]. Plain loops keep every result bit-identical on every machine.
 */
import { seededRandom } from "./random.js";

export interface Mlp {
  /** Layer widths, input first. */
  readonly sizes: readonly number[];
  /** Layer l: sizes[l+1] rows × (sizes[l] + 1) columns, bias last. */
  readonly layers: Float64Array[];
}

/** Buffers of one example's forward and backward pass, reused across examples. */
export interface Trace {
  /** ā_l: the input of layer l with a trailing 1. */
  inputs: Float64Array[];
  /** z_l: the pre-activation of layer l (the last one holds the logits). */
  pre: Float64Array[];
  /** ∂(loss)/∂z_l, filled by backward. */
  grads: Float64Array[];
  /** softmax of the logits. */
  probs: Float64Array;
  /** ∂(loss)/∂x, filled by backward when asked. */
  dInput: Float64Array;
}

/** PyTorch's nn.Linear initialisation: weights and biases uniform in ±1/sqrt(fan_in). */
export function initMlp(sizes: readonly number[], seed: number): Mlp {
  const random = seededRandom(seed);
  const layers = sizes.slice(1).map((out, l) => {
    const fanIn = sizes[l] as number;
    const bound = 1 / Math.sqrt(fanIn);
    const layer = new Float64Array(out * (fanIn + 1));
    for (let i = 0; i < layer.length; i++) layer[i] = (2 * random() - 1) * bound;
    return layer;
  });
  return { sizes: [...sizes], layers };
}

export function cloneMlp(model: Mlp): Mlp {
  return { sizes: model.sizes, layers: model.layers.map((layer) => layer.slice()) };
}

/** The number of parameters (weights and biases). */
export function parameterCount(sizes: readonly number[]): number {
  let count = 0;
  for (let l = 0; l + 1 < sizes.length; l++) count += (sizes[l + 1] as number) * ((sizes[l] as number) + 1);
  return count;
}

export function newTrace(sizes: readonly number[]): Trace {
  const depth = sizes.length - 1;
  const inputs: Float64Array[] = [];
  const pre: Float64Array[] = [];
  const grads: Float64Array[] = [];
  for (let l = 0; l < depth; l++) {
    inputs.push(new Float64Array((sizes[l] as number) + 1));
    pre.push(new Float64Array(sizes[l + 1] as number));
    grads.push(new Float64Array(sizes[l + 1] as number));
  }
  return {
    inputs,
    pre,
    grads,
    probs: new Float64Array(sizes[depth] as number),
    dInput: new Float64Array(sizes[0] as number),
  };
}

/** Forward pass of the example at x[offset .. offset + sizes[0]): fills inputs, pre and probs. */
export function forward(model: Mlp, x: ArrayLike<number>, offset: number, trace: Trace): void {
  const { sizes, layers } = model;
  const depth = layers.length;
  const first = trace.inputs[0] as Float64Array;
  const width0 = sizes[0] as number;
  for (let i = 0; i < width0; i++) first[i] = x[offset + i] as number;
  first[width0] = 1;
  for (let l = 0; l < depth; l++) {
    const w = layers[l] as Float64Array;
    const input = trace.inputs[l] as Float64Array;
    const z = trace.pre[l] as Float64Array;
    const cols = input.length;
    for (let o = 0; o < z.length; o++) {
      let sum = 0;
      const row = o * cols;
      for (let i = 0; i < cols; i++) sum += (w[row + i] as number) * (input[i] as number);
      z[o] = sum;
    }
    if (l + 1 < depth) {
      const next = trace.inputs[l + 1] as Float64Array;
      for (let o = 0; o < z.length; o++) next[o] = Math.max(0, z[o] as number);
      next[z.length] = 1;
    }
  }
  softmax(trace.pre[depth - 1] as Float64Array, trace.probs);
}

/** A numerically stable softmax of `logits` into `out`. */
export function softmax(logits: ArrayLike<number>, out: Float64Array): void {
  let max = -Infinity;
  for (let i = 0; i < out.length; i++) max = Math.max(max, logits[i] as number);
  let total = 0;
  for (let i = 0; i < out.length; i++) {
    const e = Math.exp((logits[i] as number) - max);
    out[i] = e;
    total += e;
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / total;
}

/**
 * Backward pass from ∂(loss)/∂logits (in `dLogits`) after forward: fills grads (∂/∂z_l) and,
 * when `withInput`, dInput (∂/∂x). ReLU's derivative at 0 is 0, as PyTorch's.
 */
export function backward(model: Mlp, trace: Trace, dLogits: ArrayLike<number>, withInput = false): void {
  const { layers } = model;
  const depth = layers.length;
  const last = trace.grads[depth - 1] as Float64Array;
  for (let i = 0; i < last.length; i++) last[i] = dLogits[i] as number;
  for (let l = depth - 1; l >= 0; l--) {
    if (l === 0 && !withInput) break;
    const w = layers[l] as Float64Array;
    const g = trace.grads[l] as Float64Array;
    const cols = (trace.inputs[l] as Float64Array).length;
    const into = l === 0 ? trace.dInput : (trace.grads[l - 1] as Float64Array);
    const below = l === 0 ? undefined : (trace.pre[l - 1] as Float64Array);
    // into = Wᵀ g over the weight columns (row by row, contiguous), then ReLU's mask.
    into.fill(0);
    for (let o = 0; o < g.length; o++) {
      const go = g[o] as number;
      if (go === 0) continue;
      const row = o * cols;
      for (let i = 0; i < cols - 1; i++) into[i] = (into[i] as number) + (w[row + i] as number) * go;
    }
    if (below !== undefined) for (let i = 0; i < cols - 1; i++) if ((below[i] as number) <= 0) into[i] = 0;
  }
}

/** ∂CE(label)/∂logits = p − onehot(label), into `out`. */
export function crossEntropyGrad(probs: Float64Array, label: number, out: Float64Array): Float64Array {
  for (let i = 0; i < probs.length; i++) out[i] = (probs[i] as number) - (i === label ? 1 : 0);
  return out;
}

/** Class probabilities of one input. */
export function predict(model: Mlp, x: ArrayLike<number>, offset = 0): Float64Array {
  const trace = newTrace(model.sizes);
  forward(model, x, offset, trace);
  return trace.probs.slice();
}

/**
 * Adam with global-norm gradient clipping, written out so that its whole state (two moments per
 * parameter and the step count) is plain tensors that a checkpoint saves and restores exactly.
 */
import type { TF } from "../../../sdk/numeric/index.js";

type Tensor = ReturnType<TF["tensor"]>;

export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Gradients are scaled down together when their global norm exceeds this. */
  clipNorm?: number;
}

export interface AdamState {
  /** Updates applied so far (the bias correction's t). */
  step: number;
  m: Tensor[];
  v: Tensor[];
}

export function initAdam(tf: TF, params: readonly Tensor[]): AdamState {
  return { step: 0, m: params.map((p) => tf.zerosLike(p)), v: params.map((p) => tf.zerosLike(p)) };
}

/**
 * One update: returns new parameters and state and disposes the old ones (and the gradients).
 * `learningRate` may differ per call (warm-up).
 */
export function adamUpdate(
  tf: TF,
  params: readonly Tensor[],
  grads: readonly Tensor[],
  state: AdamState,
  options: AdamOptions,
): { params: Tensor[]; state: AdamState } {
  const { learningRate, beta1 = 0.9, beta2 = 0.98, epsilon = 1e-8, clipNorm = 1 } = options;
  const step = state.step + 1;
  const result = tf.tidy(() => {
    const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))));
    const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
    const correction1 = 1 - beta1 ** step;
    const correction2 = 1 - beta2 ** step;
    const next = params.map((p, i) => {
      const g = tf.mul(grads[i]!, scale);
      const m = tf.add(tf.mul(state.m[i]!, beta1), tf.mul(g, 1 - beta1));
      const v = tf.add(tf.mul(state.v[i]!, beta2), tf.mul(tf.square(g), 1 - beta2));
      const update = tf.div(tf.div(m, correction1), tf.add(tf.sqrt(tf.div(v, correction2)), epsilon));
      return { p: tf.sub(p, tf.mul(update, learningRate)), m, v };
    });
    return { params: next.map((n) => n.p), m: next.map((n) => n.m), v: next.map((n) => n.v) };
  });
  tf.dispose([...params, ...grads, ...state.m, ...state.v]);
  return { params: result.params, state: { step, m: result.m, v: result.v } };
}

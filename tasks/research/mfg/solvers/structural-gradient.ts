/**
 * The structural policy gradient: the exact gradient of the expected return through the known
 * push-forward, with the population flow frozen. Against a fixed flow a representative agent's
 * state distribution is μ_t itself, so ∂J/∂π_t(a|s) = P(node)·γ^t·μ_t(s)·Q_t(s, a), and through a
 * softmax, ∂J/∂logit_t(s, a) = P(node)·γ^t·μ_t(s)·π_t(a|s)·(Q_t(s, a) − V_t(s)). This is what
 * MFAX gets by differentiating its value recursion; here it is written out.
 */

import { policyValues } from "../kit/exploitability.js";
import type { Flow, PolicyTable } from "../kit/flow.js";
import type { Game, Kernel } from "../kit/games.js";

/** ∂J/∂logits of a tabular softmax policy over the noise tree, [t][node] at s·A + a. */
export function treeLogitGradient(game: Game, flow: Flow, policy: PolicyTable): Float64Array[][] {
  const { v, q } = policyValues(game, flow, policy);
  const A = game.actions.length;
  const reach: number[][] = game.nodes.map(() => []);
  game.nodes.forEach((here, t) => {
    here.forEach((node, n) => {
      reach[t]![n] = t === 0 ? node.prob : (reach[t - 1]?.[node.parent] ?? 0) * node.prob;
    });
  });
  return policy.map((nodes, t) =>
    nodes.map((probs, n) => {
      const mu = flow.mu[t]?.[n];
      const qn = q[t]?.[n];
      const vn = v[t]?.[n];
      const scale = (reach[t]?.[n] ?? 0) * game.gamma ** t;
      const grad = new Float64Array(probs.length);
      for (let s = 0; s < game.nStates; s++)
        for (let a = 0; a < A; a++) {
          const i = s * A + a;
          grad[i] = scale * (mu?.[s] ?? 0) * (probs[i] ?? 0) * ((qn?.[i] ?? 0) - (vn?.[s] ?? 0));
        }
      return grad;
    }),
  );
}

/** One noise path's rollout: what the gradient along it needs. */
export interface PathRollout {
  game: Game;
  /** The path's probability. */
  weight: number;
  /** μ_t for t = 0..horizon − 1. */
  mu: Float64Array[];
  /** π_t at s·A + a for t = 0..horizon − 1. */
  probs: Float64Array[];
  kernels: Kernel[];
  rewards: Float64Array[];
}

/**
 * ∂J/∂logits along one path, [t·S·A + s·A + a], scaled by `scale`. Summed over the paths through
 * a shared node (whose logits are the same function of the weights) this is the tree gradient.
 */
export function pathLogitGradient(path: PathRollout, scale = 1): Float64Array {
  const { game } = path;
  const S = game.nStates;
  const A = game.actions.length;
  const T = path.probs.length;
  const out = new Float64Array(T * S * A);
  let vNext = new Float64Array(S);
  for (let t = T - 1; t >= 0; t--) {
    const kernel = path.kernels[t]!;
    const reward = path.rewards[t]!;
    const probs = path.probs[t]!;
    const mu = path.mu[t]!;
    const { atoms } = kernel;
    const v = new Float64Array(S);
    const q = new Float64Array(S * A);
    for (let i = 0; i < S * A; i++) {
      let future = 0;
      for (let k = 0; k < atoms; k++)
        future += kernel.prob[i * atoms + k]! * vNext[kernel.next[i * atoms + k]!]!;
      q[i] = reward[i]! + game.gamma * future;
      v[(i / A) | 0]! += probs[i]! * q[i]!;
    }
    const factor = scale * path.weight * game.gamma ** t;
    for (let i = 0; i < S * A; i++) {
      const s = (i / A) | 0;
      out[t * S * A + i] = factor * mu[s]! * probs[i]! * (q[i]! - v[s]!);
    }
    vNext = v;
  }
  return out;
}

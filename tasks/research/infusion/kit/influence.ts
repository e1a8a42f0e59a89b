/**
 * Influence of training examples on a measurement f = log p(target | probe), and its gradient in
 * a training input, as the Infusion code computes them:
 *   v = (Ĝ + λI)⁻¹ ∇_θ f                       (the IHVP of the measurement gradient),
 *   s_i = ⟨v, ∇_θ L(z_i)⟩                      (kronfluence's pairwise score; Infusion edits the k lowest),
 *   G_δ(x) = −(1/n) ∇_x ⟨∇_θ L(x, y, θ), v⟩   (the perturbation gradient).
 * G_δ avoids nested autodiff: ⟨∇_θ L(x, θ), v⟩ = d/dη L(x, θ + ηv) at 0, so
 *   G_δ(x) ≈ −(1/n) [∇_x L(x, θ + ηv) − ∇_x L(x, θ − ηv)] / (2η),  error O(η²).
 */
import type { Dataset } from "./data.js";
import { backward, crossEntropyGrad, forward, type Mlp, newTrace, type Trace } from "./mlp.js";
import { norm, type ParamVector, shifted } from "./params.js";

/** Per-layer g āᵀ of the last backward pass, as a parameter vector. */
function outerOf(model: Mlp, trace: Trace): ParamVector {
  return model.layers.map((layer, l) => {
    const g = trace.grads[l] as Float64Array;
    const a = trace.inputs[l] as Float64Array;
    const out = new Float64Array(layer.length);
    for (let o = 0; o < g.length; o++)
      for (let i = 0; i < a.length; i++) out[o * a.length + i] = (g[o] as number) * (a[i] as number);
    return out;
  });
}

/** ∇_θ log p(target | probe). */
export function measurementGradient(model: Mlp, probe: ArrayLike<number>, target: number): ParamVector {
  const trace = newTrace(model.sizes);
  forward(model, probe, 0, trace);
  const dLogits = crossEntropyGrad(trace.probs, target, new Float64Array(trace.probs.length)).map((v) => -v);
  backward(model, trace, dLogits);
  return outerOf(model, trace);
}

/** ∇_θ L(x, y): the cross-entropy gradient of one example. */
export function exampleGradient(model: Mlp, x: ArrayLike<number>, label: number): ParamVector {
  const trace = newTrace(model.sizes);
  forward(model, x, 0, trace);
  backward(model, trace, crossEntropyGrad(trace.probs, label, new Float64Array(trace.probs.length)));
  return outerOf(model, trace);
}

/** s_i = ⟨v, ∇_θ L(z_i)⟩ for every training example, as Σ_l g_lᵀ V_l ā_l (no per-example gradient is stored). */
export function influenceScores(model: Mlp, data: Dataset, v: ParamVector): Float64Array {
  const trace = newTrace(model.sizes);
  const dLogits = new Float64Array(trace.probs.length);
  const scores = new Float64Array(data.n);
  for (let n = 0; n < data.n; n++) {
    forward(model, data.x, n * data.dim, trace);
    backward(model, trace, crossEntropyGrad(trace.probs, data.y[n] as number, dLogits));
    let score = 0;
    v.forEach((vl, l) => {
      const g = trace.grads[l] as Float64Array;
      const a = trace.inputs[l] as Float64Array;
      for (let o = 0; o < g.length; o++) {
        const go = g[o] as number;
        if (go === 0) continue;
        let row = 0;
        for (let i = 0; i < a.length; i++) row += (vl[o * a.length + i] as number) * (a[i] as number);
        score += go * row;
      }
    });
    scores[n] = score;
  }
  return scores;
}

/** Indices of the k lowest scores (ties by index). */
export function lowestK(scores: ArrayLike<number>, k: number): number[] {
  return Array.from({ length: scores.length }, (_, i) => i)
    .sort((a, b) => (scores[a] as number) - (scores[b] as number) || a - b)
    .slice(0, k);
}

/** ∇_x L(x, y) at `model`, into a new array. */
export function inputGradient(model: Mlp, x: ArrayLike<number>, label: number): Float64Array {
  const trace = newTrace(model.sizes);
  forward(model, x, 0, trace);
  backward(model, trace, crossEntropyGrad(trace.probs, label, new Float64Array(trace.probs.length)), true);
  return trace.dInput.slice();
}

/** The two models θ ± ηv of the finite difference, built once per direction. */
export interface PerturbationProbe {
  plus: Mlp;
  minus: Mlp;
  eta: number;
  n: number;
}

/** Prepares G_δ for direction v; η = relativeStep / ‖v‖ (the official code normalises v to norm 1). */
export function perturbationProbe(
  model: Mlp,
  v: ParamVector,
  n: number,
  relativeStep = 1e-3,
): PerturbationProbe {
  const eta = relativeStep / Math.max(norm(v), 1e-300);
  return { plus: shifted(model, v, eta), minus: shifted(model, v, -eta), eta, n };
}

/** G_δ(x) = −(1/n) ∇_x ⟨∇_θ L(x, y), v⟩ by the central difference. */
export function perturbationGradient(
  probe: PerturbationProbe,
  x: ArrayLike<number>,
  label: number,
): Float64Array {
  const plus = inputGradient(probe.plus, x, label);
  const minus = inputGradient(probe.minus, x, label);
  const factor = -1 / (probe.n * 2 * probe.eta);
  return plus.map((value, i) => factor * (value - (minus[i] as number)));
}

export interface PgdOptions {
  epsilon: number;
  alpha: number;
  steps: number;
}

/** Sign-PGD under L∞: x ← clip_{x0 ± ε}(x + α sign(G_δ(x))); pixels are not clipped to a range (as the official code). */
export function pgdEdit(
  probe: PerturbationProbe,
  x0: ArrayLike<number>,
  label: number,
  options: PgdOptions,
): Float64Array {
  const x = Float64Array.from(x0);
  for (let step = 0; step < options.steps; step++) {
    const g = perturbationGradient(probe, x, label);
    for (let j = 0; j < x.length; j++) {
      const moved = (x[j] as number) + options.alpha * Math.sign(g[j] as number);
      const origin = x0[j] as number;
      x[j] = Math.min(origin + options.epsilon, Math.max(origin - options.epsilon, moved));
    }
  }
  return x;
}

/**
 * The exact damped Gauss–Newton reference: G = (1/n) Σ_i J_iᵀ H_i J_i, with J_i the Jacobian of
 * the logits in the parameters and H_i = diag(p) − p pᵀ the softmax cross-entropy Hessian in the
 * logits; (G + λI)⁻¹ b by conjugate gradients. Each product is one forward-mode (Jv) and one
 * reverse-mode (Jᵀu) pass over the data: exact, and feasible for small models.
 */
import type { Dataset } from "./data.js";
import { backward, forward, type Mlp, newTrace } from "./mlp.js";
import { addScaled, dot, type ParamVector, zerosLike } from "./params.js";
import { accumulateOuter } from "./train.js";

/** G v over `data` (no damping). */
export function ggnProduct(model: Mlp, data: Dataset, v: ParamVector): ParamVector {
  const trace = newTrace(model.sizes);
  const depth = model.layers.length;
  const tangents = model.sizes.slice(1).map((width) => new Float64Array(width));
  const u = new Float64Array(trace.probs.length);
  const out = zerosLike(model);
  for (let n = 0; n < data.n; n++) {
    forward(model, data.x, n * data.dim, trace);
    // Forward mode: dz_l = dW_l ā_l + W_l dā_l, with dā_{l+1} = relu'(z_l) ⊙ dz_l.
    for (let l = 0; l < depth; l++) {
      const w = model.layers[l] as Float64Array;
      const dw = v[l] as Float64Array;
      const input = trace.inputs[l] as Float64Array;
      const cols = input.length;
      const below = l === 0 ? undefined : (tangents[l - 1] as Float64Array);
      const belowPre = l === 0 ? undefined : (trace.pre[l - 1] as Float64Array);
      const dz = tangents[l] as Float64Array;
      for (let o = 0; o < dz.length; o++) {
        let sum = 0;
        for (let i = 0; i < cols; i++) sum += (dw[o * cols + i] as number) * (input[i] as number);
        if (below !== undefined && belowPre !== undefined) {
          for (let i = 0; i < cols - 1; i++)
            if ((belowPre[i] as number) > 0) sum += (w[o * cols + i] as number) * (below[i] as number);
        }
        dz[o] = sum;
      }
    }
    const dLogits = tangents[depth - 1] as Float64Array;
    let pDot = 0;
    for (let c = 0; c < u.length; c++) pDot += (trace.probs[c] as number) * (dLogits[c] as number);
    for (let c = 0; c < u.length; c++) u[c] = (trace.probs[c] as number) * ((dLogits[c] as number) - pDot);
    backward(model, trace, u);
    accumulateOuter(out, trace);
  }
  for (const layer of out) for (let i = 0; i < layer.length; i++) layer[i] = (layer[i] as number) / data.n;
  return out;
}

export interface CgResult {
  x: ParamVector;
  iterations: number;
  /** ‖b − (G + λI) x‖ / ‖b‖ at the end. */
  relativeResidual: number;
}

/** Solves (G + λI) x = b by conjugate gradients from x = 0. */
export function ggnSolve(
  model: Mlp,
  data: Dataset,
  b: ParamVector,
  damping: number,
  options: { maxIterations?: number; tolerance?: number } = {},
): CgResult {
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-8;
  const apply = (v: ParamVector) => addScaled(ggnProduct(model, data, v), v, damping);
  let x = zerosLike(model);
  let r: ParamVector = b.map((layer) => layer.slice());
  let p: ParamVector = r.map((layer) => layer.slice());
  let rr = dot(r, r);
  const bb = Math.sqrt(dot(b, b));
  let iterations = 0;
  while (iterations < maxIterations && Math.sqrt(rr) > tolerance * bb) {
    const ap = apply(p);
    const alpha = rr / dot(p, ap);
    x = addScaled(x, p, alpha);
    r = addScaled(r, ap, -alpha);
    const next = dot(r, r);
    p = addScaled(r, p, next / rr);
    rr = next;
    iterations++;
  }
  return { x, iterations, relativeResidual: bb === 0 ? 0 : Math.sqrt(rr) / bb };
}

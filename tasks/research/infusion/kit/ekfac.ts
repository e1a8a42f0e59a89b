/**
 * EK-FAC (George et al. 2018, as kronfluence fits it) on the dense layers. Per layer l, with ā the
 * augmented input and g = ∂L/∂z the pre-activation gradient of the summed loss at a label sampled
 * from the model (the true Fisher, which equals the Gauss–Newton matrix for softmax
 * cross-entropy):
 *   A = E[ā āᵀ] = Q_A diag Q_Aᵀ,  S = E[g gᵀ] = Q_S diag Q_Sᵀ,
 *   Λ_ij = E[((Q_Sᵀ g)_i (Q_Aᵀ ā)_j)²]           (eigenvalues corrected on a second pass),
 *   (G + λI)⁻¹ V ≈ Q_S [(Q_Sᵀ V Q_A) ⊘ (Λ + λ)] Q_Aᵀ.
 */
import type { Dataset } from "./data.js";
import { symmetricEigen } from "./eigen.js";
import { backward, crossEntropyGrad, forward, type Mlp, newTrace } from "./mlp.js";
import type { ParamVector } from "./params.js";
import { deriveSeed, seededRandom } from "./random.js";

export interface LayerFactors {
  rows: number;
  cols: number;
  /** cols × cols; columns are eigenvectors of A. */
  qA: Float64Array;
  /** rows × rows; columns are eigenvectors of S. */
  qS: Float64Array;
  /** rows × cols corrected eigenvalues. */
  lambda: Float64Array;
}

/** kronfluence's default when no damping is given: 0.1 × the mean corrected eigenvalue, per layer. */
export type Damping = number | "heuristic";

/** A label drawn from the model's own predictive distribution. */
function sampleLabel(probs: Float64Array, random: () => number): number {
  let u = random();
  for (let c = 0; c < probs.length; c++) {
    u -= probs[c] as number;
    if (u < 0) return c;
  }
  return probs.length - 1;
}

/** Visits every example's (ā_l, g_l) at a label sampled from the model. */
function sampledPasses(
  model: Mlp,
  data: Dataset,
  seed: number,
  visit: (inputs: Float64Array[], grads: Float64Array[]) => void,
): void {
  const random = seededRandom(seed);
  const trace = newTrace(model.sizes);
  const dLogits = new Float64Array(trace.probs.length);
  for (let i = 0; i < data.n; i++) {
    forward(model, data.x, i * data.dim, trace);
    backward(model, trace, crossEntropyGrad(trace.probs, sampleLabel(trace.probs, random), dLogits));
    visit(trace.inputs, trace.grads);
  }
}

/** v vᵀ added into the n × n matrix `into`. */
function addOuter(into: Float64Array, v: Float64Array): void {
  const n = v.length;
  for (let i = 0; i < n; i++) {
    const vi = v[i] as number;
    if (vi === 0) continue;
    for (let j = 0; j < n; j++) into[i * n + j] = (into[i * n + j] as number) + vi * (v[j] as number);
  }
}

/** Qᵀ v for an n × n Q (columns are the basis), into `out`. */
function projectT(q: Float64Array, v: Float64Array, out: Float64Array): void {
  const n = v.length;
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (q[i * n + j] as number) * (v[i] as number);
    out[j] = sum;
  }
}

/** Fits the factors on `data` (the training set) at `model`; labels sampled with `seed`. */
export function fitEkfac(model: Mlp, data: Dataset, seed: number): LayerFactors[] {
  const shapes = model.layers.map((_, l) => ({
    rows: model.sizes[l + 1] as number,
    cols: (model.sizes[l] as number) + 1,
  }));
  const a = shapes.map(({ cols }) => new Float64Array(cols * cols));
  const s = shapes.map(({ rows }) => new Float64Array(rows * rows));
  sampledPasses(model, data, deriveSeed(seed, "ekfac-covariance"), (inputs, grads) => {
    shapes.forEach((_, l) => {
      addOuter(a[l] as Float64Array, inputs[l] as Float64Array);
      addOuter(s[l] as Float64Array, grads[l] as Float64Array);
    });
  });
  const factors = shapes.map(({ rows, cols }, l) => ({
    rows,
    cols,
    qA: symmetricEigen(
      (a[l] as Float64Array).map((v) => v / data.n),
      cols,
    ).vectors,
    qS: symmetricEigen(
      (s[l] as Float64Array).map((v) => v / data.n),
      rows,
    ).vectors,
    lambda: new Float64Array(rows * cols),
  }));
  const u = shapes.map(({ rows }) => new Float64Array(rows));
  const w = shapes.map(({ cols }) => new Float64Array(cols));
  sampledPasses(model, data, deriveSeed(seed, "ekfac-eigenvalues"), (inputs, grads) => {
    factors.forEach((f, l) => {
      const ul = u[l] as Float64Array;
      const wl = w[l] as Float64Array;
      projectT(f.qS, grads[l] as Float64Array, ul);
      projectT(f.qA, inputs[l] as Float64Array, wl);
      for (let i = 0; i < f.rows; i++) {
        const ui2 = (ul[i] as number) ** 2;
        for (let j = 0; j < f.cols; j++)
          f.lambda[i * f.cols + j] = (f.lambda[i * f.cols + j] as number) + ui2 * (wl[j] as number) ** 2;
      }
    });
  });
  for (const f of factors)
    for (let i = 0; i < f.lambda.length; i++) f.lambda[i] = (f.lambda[i] as number) / data.n;
  return factors;
}

/** The damping added to one layer's eigenvalues. */
export function layerDamping(factors: LayerFactors, damping: Damping): number {
  if (damping !== "heuristic") return damping;
  let sum = 0;
  for (const value of factors.lambda) sum += value;
  return (0.1 * sum) / factors.lambda.length;
}

/** rows × cols product of a (rows × inner) and b (inner × cols), with optional transposes. */
function matmul(
  a: Float64Array,
  b: Float64Array,
  rows: number,
  inner: number,
  cols: number,
  ta: boolean,
  tb: boolean,
): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < inner; k++) {
      const aik = (ta ? a[k * rows + i] : a[i * inner + k]) as number;
      if (aik === 0) continue;
      for (let j = 0; j < cols; j++)
        out[i * cols + j] =
          (out[i * cols + j] as number) + aik * ((tb ? b[j * inner + k] : b[k * cols + j]) as number);
    }
  }
  return out;
}

/** The inverse-damped-curvature product (Ĝ + λI)⁻¹ v, layer by layer. */
export function ekfacIhvp(factors: readonly LayerFactors[], v: ParamVector, damping: Damping): ParamVector {
  return factors.map((f, l) => {
    const { rows, cols } = f;
    const rotated = matmul(
      matmul(f.qS, v[l] as Float64Array, rows, rows, cols, true, false),
      f.qA,
      rows,
      cols,
      cols,
      false,
      false,
    );
    const lambda = layerDamping(f, damping);
    for (let i = 0; i < rotated.length; i++)
      rotated[i] = (rotated[i] as number) / ((f.lambda[i] as number) + lambda);
    return matmul(matmul(f.qS, rotated, rows, rows, cols, false, false), f.qA, rows, cols, cols, false, true);
  });
}

/**
 * The Infusion recipe (Rosser et al. 2026, CIFAR pipeline) for one (probe, target): the IHVP of
 * ∇_θ log p(target | probe), the k training examples of lowest influence score, and sign-PGD on
 * each of them along G_δ under the L∞ budget. `curvature` chooses the inverse: EK-FAC (the
 * paper's), the exact damped Gauss–Newton solve, or the identity (a gradient-similarity ablation).
 */
import type { Dataset, Edit } from "./data.js";
import { example } from "./data.js";
import { type Damping, ekfacIhvp, type LayerFactors } from "./ekfac.js";
import { ggnSolve } from "./ggn.js";
import {
  exampleGradient,
  influenceScores,
  lowestK,
  measurementGradient,
  type PgdOptions,
  perturbationProbe,
  pgdEdit,
} from "./influence.js";
import type { Mlp } from "./mlp.js";
import { dot, norm, type ParamVector, scale } from "./params.js";
import type { Budget } from "./recipe.js";

export type Curvature =
  | { kind: "ekfac"; factors: readonly LayerFactors[]; damping: Damping }
  | { kind: "exact"; damping: number; maxIterations?: number }
  | { kind: "identity" };

export interface InfusionOptions {
  curvature: Curvature;
  budget: Budget;
  /** PGD step size and steps; the budget's ε is the projection radius. */
  alpha: number;
  steps: number;
}

export interface InfusionResult {
  edits: Edit[];
  /** v = (G + λI)⁻¹ ∇_θ f, unnormalised. */
  ihvp: ParamVector;
  /**
   * The influence prediction of Δf (Koh & Liang's replace-z estimate):
   * −(1/n) Σ_k ⟨∇_θ L(z_k + δ_k) − ∇_θ L(z_k), v⟩.
   */
  predictedDelta: number;
}

/** v = (G + λI)⁻¹ ∇_θ log p(target | probe) with the chosen curvature. */
export function measurementIhvp(
  model: Mlp,
  data: Dataset,
  probe: ArrayLike<number>,
  target: number,
  curvature: Curvature,
): ParamVector {
  const gradient = measurementGradient(model, probe, target);
  if (curvature.kind === "ekfac") return ekfacIhvp(curvature.factors, gradient, curvature.damping);
  if (curvature.kind === "exact")
    return ggnSolve(model, data, gradient, curvature.damping, {
      maxIterations: curvature.maxIterations ?? 100,
    }).x;
  return gradient;
}

/** −(1/n) Σ ⟨∇_θ L(edited) − ∇_θ L(original), v⟩ over the edits. */
export function predictedChange(model: Mlp, data: Dataset, edits: readonly Edit[], v: ParamVector): number {
  let total = 0;
  for (const { index, pixels } of edits) {
    const label = data.y[index] as number;
    total +=
      dot(exampleGradient(model, pixels, label), v) -
      dot(exampleGradient(model, example(data, index), label), v);
  }
  return -total / data.n;
}

/** Infusion's edits for one (probe, target). */
export function infusionEdits(
  model: Mlp,
  data: Dataset,
  probe: ArrayLike<number>,
  target: number,
  options: InfusionOptions,
): InfusionResult {
  const ihvp = measurementIhvp(model, data, probe, target, options.curvature);
  const chosen = lowestK(influenceScores(model, data, ihvp), options.budget.k);
  const unit = scale(ihvp, 1 / Math.max(norm(ihvp), 1e-300));
  const fd = perturbationProbe(model, unit, data.n);
  const pgd: PgdOptions = { epsilon: options.budget.epsilon, alpha: options.alpha, steps: options.steps };
  const edits = chosen.map((index) => ({
    index,
    pixels: Array.from(pgdEdit(fd, example(data, index), data.y[index] as number, pgd)),
  }));
  return { edits, ihvp, predictedDelta: predictedChange(model, data, edits, ihvp) };
}

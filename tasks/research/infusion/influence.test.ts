import { beforeAll, describe, expect, it } from "vitest";
import { drawProbe, drawSplit } from "./blobs.js";
import { type Dataset, example, toDataset } from "./kit/data.js";
import { ekfacIhvp, fitEkfac, type LayerFactors } from "./kit/ekfac.js";
import { runExperiment, type Trained, trainTask } from "./kit/experiment.js";
import { ggnProduct, ggnSolve } from "./kit/ggn.js";
import {
  exampleGradient,
  influenceScores,
  measurementGradient,
  perturbationGradient,
  perturbationProbe,
} from "./kit/influence.js";
import { infusionEdits } from "./kit/infusion.js";
import { forward, type Mlp, newTrace } from "./kit/mlp.js";
import { addScaled, dot, type ParamVector, scale } from "./kit/params.js";
import { seededRandom } from "./kit/random.js";
import { PIXELS, type Recipe } from "./kit/recipe.js";

/** A small configuration: the same code paths as the task, seconds instead of minutes. */
const SMALL: Recipe = { sizes: [PIXELS, 16, 10], learningRate: 0.05, batchSize: 16, epochs: 5, seed: 1 };

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]! / n;
    mb += b[i]! / n;
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb);
    aa += (a[i]! - ma) ** 2;
    bb += (b[i]! - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

function randomDirection(model: Mlp, seed: number): ParamVector {
  const random = seededRandom(seed);
  return model.layers.map((layer) => layer.map(() => random() - 0.5));
}

describe("infusion kit: influence", () => {
  let data: Dataset;
  let trained: Trained;
  let model: Mlp;
  let factors: LayerFactors[];

  beforeAll(() => {
    data = toDataset(drawSplit(3, "train", 400), PIXELS);
    trained = trainTask(data, SMALL, 1);
    model = trained.final;
    factors = fitEkfac(model, data, 2);
  }, 60_000);

  it("computes the Gauss–Newton product as the true Fisher, Σ_c p_c ∇L_c ∇L_cᵀ, and symmetric", () => {
    const few: Dataset = { ...data, n: 5 };
    const v = randomDirection(model, 4);
    const u = randomDirection(model, 5);
    const gv = ggnProduct(model, few, v);
    let fisher: ParamVector = model.layers.map((layer) => new Float64Array(layer.length));
    const trace = newTrace(model.sizes);
    for (let i = 0; i < few.n; i++) {
      const x = example(few, i);
      forward(model, x, 0, trace);
      for (let c = 0; c < 10; c++) {
        const g = exampleGradient(model, x, c);
        fisher = addScaled(fisher, g, (trace.probs[c]! * dot(g, v)) / few.n);
      }
    }
    gv.forEach((layer, l) => {
      for (let p = 0; p < layer.length; p += 7) expect(layer[p]).toBeCloseTo(fisher[l]![p]!, 10);
    });
    expect(dot(u, gv)).toBeCloseTo(dot(v, ggnProduct(model, few, u)), 10);
  });

  it("ranks training examples by EK-FAC influence close to the exact damped Gauss–Newton ranking", () => {
    const probe = drawProbe(3, 0);
    const gradient = measurementGradient(model, probe.pixels, probe.target);
    const damping = 1e-3;
    const solved = ggnSolve(model, data, gradient, damping, { maxIterations: 300, tolerance: 1e-9 });
    expect(solved.relativeResidual).toBeLessThan(1e-8);
    const exact = influenceScores(model, data, solved.x);
    const ekfac = influenceScores(model, data, ekfacIhvp(factors, gradient, damping));
    const identity = influenceScores(model, data, gradient);
    const r = pearson(ekfac, exact);
    expect(r).toBeGreaterThan(0.75);
    expect(r).toBeGreaterThan(pearson(identity, exact) + 0.2);
  }, 60_000);

  it("matches G_δ from the finite difference in θ with a finite difference in x (−(1/n) ∇_x ⟨∇_θ L, v⟩)", () => {
    const probe = drawProbe(3, 1);
    const v = ekfacIhvp(factors, measurementGradient(model, probe.pixels, probe.target), "heuristic");
    const unit = scale(v, 1 / Math.sqrt(dot(v, v)));
    const fd = perturbationProbe(model, unit, data.n);
    const x = Array.from(example(data, 17));
    const label = data.y[17]!;
    const gDelta = perturbationGradient(fd, x, label);
    const random = seededRandom(9);
    const u = x.map(() => random() - 0.5);
    const h = 1e-4;
    const s = (by: number) =>
      dot(
        exampleGradient(
          model,
          x.map((xi, j) => xi + by * u[j]!),
          label,
        ),
        unit,
      );
    const directional = (-1 / data.n) * ((s(h) - s(-h)) / (2 * h));
    const predicted = gDelta.reduce((sum, g, j) => sum + g * u[j]!, 0);
    expect(Math.abs(predicted - directional)).toBeLessThan(1e-3 * Math.abs(directional));
  });

  it("edits raise the target's probability after partial retraining, and the influence estimate says so", () => {
    const larger = toDataset(drawSplit(3, "train", 1000), PIXELS);
    const retrainable = trainTask(larger, { ...SMALL, sizes: [PIXELS, 32, 10] }, 1);
    const largerFactors = fitEkfac(retrainable.final, larger, 2);
    for (const i of [0, 2]) {
      const probe = drawProbe(3, i);
      const result = infusionEdits(retrainable.final, larger, probe.pixels, probe.target, {
        curvature: { kind: "ekfac", factors: largerFactors, damping: "heuristic" },
        budget: { k: 10, epsilon: 0.1 },
        alpha: 0.01,
        steps: 20,
      });
      expect(result.edits).toHaveLength(10);
      expect(result.predictedDelta).toBeGreaterThan(0);
      const outcome = runExperiment(retrainable, probe.pixels, probe.target, result.edits, 5);
      expect(outcome.edited - outcome.clean).toBeGreaterThan(0.002);
      expect(outcome.edited - outcome.clean).toBeGreaterThan(5 * Math.abs(outcome.random - outcome.clean));
    }
  }, 60_000);
});

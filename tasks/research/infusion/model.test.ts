import { describe, expect, it } from "vitest";
import { drawSplit } from "./blobs.js";
import { trainingSet } from "./generate.js";
import { toDataset } from "./kit/data.js";
import { symmetricEigen } from "./kit/eigen.js";
import {
  backward,
  crossEntropyGrad,
  forward,
  initMlp,
  type Mlp,
  newTrace,
  parameterCount,
} from "./kit/mlp.js";
import { seededRandom } from "./kit/random.js";
import { PIXELS, RECIPE } from "./kit/recipe.js";
import { retrain, trainWithCheckpoints } from "./kit/train.js";

function loss(model: Mlp, x: ArrayLike<number>, label: number): number {
  const trace = newTrace(model.sizes);
  forward(model, x, 0, trace);
  return -Math.log(trace.probs[label] as number);
}

describe("infusion kit: model and trainer", () => {
  it("has the recipe's 6.6k parameters", () => {
    expect(parameterCount(RECIPE.sizes)).toBe(64 * 65 + 32 * 65 + 10 * 33);
  });

  it("backpropagates the exact gradient in the weights and the input (central differences)", () => {
    const model = initMlp([6, 5, 4, 3], 11);
    const random = seededRandom(5);
    const x = Array.from({ length: 6 }, () => 2 * random() - 1);
    const trace = newTrace(model.sizes);
    forward(model, x, 0, trace);
    backward(model, trace, crossEntropyGrad(trace.probs, 2, new Float64Array(3)), true);
    const h = 1e-6;
    for (const [l, p] of [
      [0, 3],
      [1, 7],
      [2, 14],
    ] as const) {
      const layer = model.layers[l] as Float64Array;
      const cols = (trace.inputs[l] as Float64Array).length;
      const analytic =
        (trace.grads[l] as Float64Array)[Math.floor(p / cols)]! *
        (trace.inputs[l] as Float64Array)[p % cols]!;
      const saved = layer[p]!;
      layer[p] = saved + h;
      const up = loss(model, x, 2);
      layer[p] = saved - h;
      const down = loss(model, x, 2);
      layer[p] = saved;
      expect(analytic).toBeCloseTo((up - down) / (2 * h), 6);
    }
    for (const j of [0, 4]) {
      const shifted = (by: number) => x.map((v, i) => (i === j ? v + by : v));
      expect(trace.dInput[j]).toBeCloseTo(
        (loss(model, shifted(h), 2) - loss(model, shifted(-h), 2)) / (2 * h),
        6,
      );
    }
  });

  it("reproduces the final weights bit for bit by rerunning the last epoch from its checkpoint", () => {
    const data = trainingSet(7);
    const checkpoints = trainWithCheckpoints(data, RECIPE);
    expect(checkpoints).toHaveLength(RECIPE.epochs + 1);
    const rerun = retrain(checkpoints[RECIPE.epochs - 1]!, data, RECIPE, 1);
    const final = checkpoints[RECIPE.epochs]!;
    for (const [l, layer] of rerun.layers.entries())
      expect(Array.from(layer)).toEqual(Array.from(final.layers[l]!));
    // And the run is a function of its seed: a different seed gives different weights.
    const other = retrain(checkpoints[0]!, data, { ...RECIPE, seed: RECIPE.seed + 1 }, 1);
    expect(Array.from(other.layers[0]!)).not.toEqual(Array.from(checkpoints[1]!.layers[0]!));
  }, 60_000);

  it("learns the task: well above chance on held-out images, not saturated", () => {
    const data = toDataset(drawSplit(7, "train", 1500), PIXELS);
    const heldOut = toDataset(drawSplit(7, "validation", 300), PIXELS);
    const model = trainWithCheckpoints(data, { ...RECIPE, epochs: 5 })[5]!;
    const trace = newTrace(model.sizes);
    let correct = 0;
    for (let i = 0; i < heldOut.n; i++) {
      forward(model, heldOut.x, i * PIXELS, trace);
      const best = trace.probs.indexOf(Math.max(...trace.probs));
      if (best === heldOut.y[i]) correct++;
    }
    expect(correct / heldOut.n).toBeGreaterThan(0.5);
    expect(correct / heldOut.n).toBeLessThan(0.97);
  }, 30_000);

  it("diagonalises a symmetric matrix with orthonormal eigenvectors", () => {
    const n = 9;
    const random = seededRandom(3);
    const b = Array.from({ length: n * n }, () => random() - 0.5);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j]! += b[i * n + k]! * b[j * n + k]!;
    const { values, vectors } = symmetricEigen(a, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let rebuilt = 0;
        let gram = 0;
        for (let k = 0; k < n; k++) {
          rebuilt += vectors[i * n + k]! * values[k]! * vectors[j * n + k]!;
          gram += vectors[k * n + i]! * vectors[k * n + j]!;
        }
        expect(rebuilt).toBeCloseTo(a[i * n + j]!, 10);
        expect(gram).toBeCloseTo(i === j ? 1 : 0, 10);
      }
    }
    expect(Math.min(...values)).toBeGreaterThan(-1e-12);
  });
});

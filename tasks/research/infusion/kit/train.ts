/**
 * The deterministic trainer: plain SGD on the mean cross-entropy of each batch, the batches in
 * one seeded order that is the same every epoch (the paper's CIFAR recipe), checkpoints after
 * every epoch. Rerunning the last epochs from a checkpoint on the same data reproduces the
 * weights bit for bit; on edited data it is the paper's partial retraining.
 */
import type { Dataset } from "./data.js";
import { backward, cloneMlp, crossEntropyGrad, forward, initMlp, type Mlp, newTrace } from "./mlp.js";
import { deriveSeed, permutation, seededRandom } from "./random.js";
import type { Recipe } from "./recipe.js";

/** The batch order: one permutation of the training indices, derived from the recipe's seed. */
export function batchOrder(n: number, seed: number): Int32Array {
  return permutation(n, seededRandom(deriveSeed(seed, "batch-order")));
}

/** One epoch of SGD on `model`, in place. */
export function trainEpoch(model: Mlp, data: Dataset, recipe: Recipe, order: Int32Array): void {
  const trace = newTrace(model.sizes);
  const sums = model.layers.map((layer) => new Float64Array(layer.length));
  const dLogits = new Float64Array(model.sizes[model.sizes.length - 1] as number);
  for (let start = 0; start < data.n; start += recipe.batchSize) {
    const end = Math.min(data.n, start + recipe.batchSize);
    for (const sum of sums) sum.fill(0);
    for (let b = start; b < end; b++) {
      const i = order[b] as number;
      forward(model, data.x, i * data.dim, trace);
      backward(model, trace, crossEntropyGrad(trace.probs, data.y[i] as number, dLogits));
      accumulateOuter(sums, trace);
    }
    const step = recipe.learningRate / (end - start);
    model.layers.forEach((layer, l) => {
      const sum = sums[l] as Float64Array;
      for (let p = 0; p < layer.length; p++) layer[p] = (layer[p] as number) - step * (sum[p] as number);
    });
  }
}

/** Adds each layer's per-example gradient g āᵀ (from a backward pass) into `sums`. */
export function accumulateOuter(
  sums: Float64Array[],
  trace: { grads: Float64Array[]; inputs: Float64Array[] },
): void {
  sums.forEach((sum, l) => {
    const g = trace.grads[l] as Float64Array;
    const a = trace.inputs[l] as Float64Array;
    const cols = a.length;
    for (let o = 0; o < g.length; o++) {
      const go = g[o] as number;
      if (go === 0) continue;
      const row = o * cols;
      for (let i = 0; i < cols; i++) sum[row + i] = (sum[row + i] as number) + go * (a[i] as number);
    }
  });
}

/** Trains from the recipe's initial weights; checkpoints[e] is the model after e epochs (0: initial). */
export function trainWithCheckpoints(data: Dataset, recipe: Recipe): Mlp[] {
  const model = initMlp(recipe.sizes, deriveSeed(recipe.seed, "init"));
  const order = batchOrder(data.n, recipe.seed);
  const checkpoints = [cloneMlp(model)];
  for (let epoch = 0; epoch < recipe.epochs; epoch++) {
    trainEpoch(model, data, recipe, order);
    checkpoints.push(cloneMlp(model));
  }
  return checkpoints;
}

/** Partial retraining: `epochs` epochs from `checkpoint` on `data`, same order, fresh SGD. */
export function retrain(checkpoint: Mlp, data: Dataset, recipe: Recipe, epochs: number): Mlp {
  const model = cloneMlp(checkpoint);
  const order = batchOrder(data.n, recipe.seed);
  for (let epoch = 0; epoch < epochs; epoch++) trainEpoch(model, data, recipe, order);
  return model;
}

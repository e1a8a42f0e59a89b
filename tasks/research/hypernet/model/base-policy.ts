/**
 * The small task policy both models produce (the format of kit/policy.ts): per layer a kernel and
 * a bias, each either shared by all instructions ([in, out], [out]) or one per instruction
 * ([n, in, out], [n, out]). One forward pass runs n instructions' policies on their own frames
 * with batched matrix products, the way the paper batches generated networks.
 */
import type * as tfjs from "@tensorflow/tfjs";
import type { PolicyWeights } from "../kit/policy.js";
import { ACT_DIM, OBS_DIM } from "../kit/sim.js";
import type { TF } from "./init.js";

/** The submitted architecture: 12 → 32 → 32 → 3, 1,571 parameters (the cap is 1,600). */
export const HIDDEN = [32, 32] as const;

/** Layer widths from the observation to the action through the given hidden widths. */
export const layerSizes = (hidden: readonly number[]): number[] => [OBS_DIM, ...hidden, ACT_DIM];

export interface PolicyTensors {
  kernels: tfjs.Tensor[];
  biases: tfjs.Tensor[];
}

/** Outputs [n, m, 3] for frames [n, m, 12] of n instructions. */
export function policyForward(tf: TF, params: PolicyTensors, frames: tfjs.Tensor3D): tfjs.Tensor3D {
  const [n, m] = frames.shape;
  let h: tfjs.Tensor3D = frames;
  params.kernels.forEach((kernel, l) => {
    const out = kernel.shape[kernel.rank - 1]!;
    const inputs = h.shape[2];
    const product =
      kernel.rank === 3
        ? tf.matMul(h, kernel as tfjs.Tensor3D)
        : (h
            .reshape([n * m, inputs])
            .matMul(kernel as tfjs.Tensor2D)
            .reshape([n, m, out]) as tfjs.Tensor3D);
    const bias = params.biases[l]!;
    const z = product.add(bias.rank === 2 ? bias.expandDims(1) : bias) as tfjs.Tensor3D;
    h = l < params.kernels.length - 1 ? tf.tanh(z) : z;
  });
  return h;
}

/** The n instructions' policies as kit PolicyWeights (what a submission row holds). */
export function exportPolicies(params: PolicyTensors, n: number): PolicyWeights[] {
  const pick = (tensor: tfjs.Tensor, rank: number, i: number) =>
    (tensor.rank === rank + 1 ? (tensor.arraySync() as unknown[])[i] : tensor.arraySync()) as never;
  return Array.from({ length: n }, (_, i) => ({
    layers: params.kernels.map((kernel, l) => ({
      w: pick(kernel, 2, i) as number[][],
      b: pick(params.biases[l]!, 1, i) as number[],
    })),
  }));
}

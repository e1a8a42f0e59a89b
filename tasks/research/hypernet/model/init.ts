/** Seeded parameter initialisers (tfjs's own take a seed per call; these take one stream). */
import type * as tfjs from "@tensorflow/tfjs";
import { gaussian } from "../kit/random.js";

export type TF = typeof import("@tensorflow/tfjs");

/** Glorot-uniform values for a fan_in × fan_out kernel (the standard init of a tanh layer). */
export function glorot(random: () => number, fanIn: number, fanOut: number): Float32Array<ArrayBuffer> {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: fanIn * fanOut }, () => (2 * random() - 1) * limit);
}

/** Normal values truncated at two standard deviations, as TruncNormal(0, std²). */
export function truncatedNormal(random: () => number, count: number, std: number): Float32Array<ArrayBuffer> {
  return Float32Array.from({ length: count }, () => {
    for (;;) {
      const x = gaussian(random);
      if (Math.abs(x) <= 2) return x * std;
    }
  });
}

let nextId = 0;

/** A trainable variable of the given values and shape (names made unique: tfjs registers them globally). */
export function variable(tf: TF, values: Float32Array, shape: number[], name: string): tfjs.Variable {
  return tf.variable(tf.tensor(values, shape), true, `${name}-${nextId++}`);
}

/**
 * Parameter-shaped vectors: one Float64Array per layer, in the model's [W | b] layout. The
 * influence code moves gradients, IHVPs and directions around in this shape.
 */
import type { Mlp } from "./mlp.js";

export type ParamVector = Float64Array[];

export function zerosLike(model: Mlp): ParamVector {
  return model.layers.map((layer) => new Float64Array(layer.length));
}

export function dot(a: ParamVector, b: ParamVector): number {
  let sum = 0;
  a.forEach((layer, l) => {
    const other = b[l] as Float64Array;
    for (let i = 0; i < layer.length; i++) sum += (layer[i] as number) * (other[i] as number);
  });
  return sum;
}

export function norm(a: ParamVector): number {
  return Math.sqrt(dot(a, a));
}

export function scale(a: ParamVector, by: number): ParamVector {
  return a.map((layer) => layer.map((value) => value * by));
}

/** a + by · b, as a new vector. */
export function addScaled(a: ParamVector, b: ParamVector, by: number): ParamVector {
  return a.map((layer, l) => {
    const other = b[l] as Float64Array;
    return layer.map((value, i) => value + by * (other[i] as number));
  });
}

/** A model whose parameters are θ + by · direction. */
export function shifted(model: Mlp, direction: ParamVector, by: number): Mlp {
  return { sizes: model.sizes, layers: addScaled(model.layers, direction, by) };
}

/** The flat concatenation of the layers (for statistics over all parameters). */
export function flatten(a: ParamVector): Float64Array {
  const out = new Float64Array(a.reduce((sum, layer) => sum + layer.length, 0));
  let at = 0;
  for (const layer of a) {
    out.set(layer, at);
    at += layer.length;
  }
  return out;
}

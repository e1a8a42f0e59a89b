/**
 * The submitted task policy: a small multilayer perceptron from the 12-number observation to the
 * 3-number action, tanh between layers and a linear output. Its size is the activated-parameter
 * cap: every weight and bias counts, at most PARAM_CAP in all. A submission row holds one as JSON:
 * {"layers": [{"w": [[...], ...], "b": [...]}, ...]}, `w` as rows of inputs (w[i][j] joins input i
 * to unit j), `b` one bias per unit.
 */
import { ACT_DIM, type Controller, OBS_DIM } from "./sim.js";

/** The activated-parameter cap: 12 → 32 → 32 → 3 (1,571 parameters) fits. */
export const PARAM_CAP = 1600;
export const MAX_LAYERS = 4;
/** Weights beyond this size are refused: no policy needs them, and they hide numeric tricks. */
export const MAX_ABS_WEIGHT = 1000;

export interface Layer {
  w: number[][];
  b: number[];
}

export interface PolicyWeights {
  layers: Layer[];
}

/** Every weight and bias. */
export function parameterCount(policy: PolicyWeights): number {
  return policy.layers.reduce((sum, { w, b }) => sum + w.length * (w[0]?.length ?? 0) + b.length, 0);
}

function checkNumbers(values: unknown, what: string): number[] {
  if (!Array.isArray(values) || values.length === 0) throw new Error(`${what} is not a non-empty list`);
  for (const x of values) {
    if (typeof x !== "number" || !Number.isFinite(x) || Math.abs(x) > MAX_ABS_WEIGHT)
      throw new Error(`${what} holds ${JSON.stringify(x)}, not a finite number within ±${MAX_ABS_WEIGHT}`);
  }
  return values as number[];
}

function checkLayer(value: unknown, index: number, inputs: number): Layer {
  const { w, b } = (value ?? {}) as { w?: unknown; b?: unknown };
  if (!Array.isArray(w) || w.length !== inputs)
    throw new Error(`layer ${index}: w must have ${inputs} rows (one per input)`);
  const bias = checkNumbers(b, `layer ${index}: b`);
  const rows = w.map((row, i) => checkNumbers(row, `layer ${index}: w[${i}]`));
  if (rows.some((row) => row.length !== bias.length))
    throw new Error(`layer ${index}: every row of w must have ${bias.length} entries (one per unit of b)`);
  return { w: rows, b: bias };
}

/**
 * Reads a policy from its JSON text (or parsed value) and checks its shape, its numbers and the
 * cap; throws an Error with a one-line reason when it is not a valid policy.
 */
export function parsePolicy(cell: unknown): PolicyWeights {
  let value = cell;
  if (typeof cell === "string") {
    try {
      value = JSON.parse(cell);
    } catch {
      throw new Error("the policy cell is not JSON");
    }
  }
  const layers = (value as { layers?: unknown } | null)?.layers;
  if (!Array.isArray(layers) || layers.length === 0 || layers.length > MAX_LAYERS)
    throw new Error(`a policy needs "layers": a list of 1 to ${MAX_LAYERS} layers`);
  let inputs = OBS_DIM;
  const checked = layers.map((layer, i) => {
    const out = checkLayer(layer, i, inputs);
    inputs = out.b.length;
    return out;
  });
  if (inputs !== ACT_DIM) throw new Error(`the last layer must have ${ACT_DIM} units (dx, dy, grip)`);
  const policy = { layers: checked };
  const count = parameterCount(policy);
  if (count > PARAM_CAP)
    throw new Error(`the policy has ${count} parameters, over the cap of ${PARAM_CAP} activated parameters`);
  return policy;
}

/** The policy as a controller: tanh hidden layers, linear output, in plain numbers (Float64). */
export function controller(policy: PolicyWeights): Controller {
  const layers = policy.layers.map(({ w, b }) => ({
    w: Float64Array.from(w.flat()),
    b: Float64Array.from(b),
    outputs: b.length,
  }));
  return (obs) => {
    let x = Float64Array.from(obs);
    layers.forEach(({ w, b, outputs }, index) => {
      const y = Float64Array.from(b);
      for (let i = 0; i < x.length; i++) {
        const xi = x[i]!;
        for (let j = 0; j < outputs; j++) y[j]! += xi * w[i * outputs + j]!;
      }
      if (index < layers.length - 1) for (let j = 0; j < outputs; j++) y[j] = Math.tanh(y[j]!);
      x = y;
    });
    return Array.from(x);
  };
}

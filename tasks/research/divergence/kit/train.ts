/**
 * One training run: a fresh model trained with AdamW on noisy synthetic text at a fixed peak
 * learning rate, watched by the divergence detector, with per-layer diagnostics every few steps
 * and the final cross-entropy on clean held-out text. Everything derives from the seeds, and the
 * step count is fixed, so a run's outcome does not depend on the machine's load.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { DEFAULT_DETECTOR, type DetectorOptions, DivergenceDetector, type Verdict } from "./detector.js";
import {
  forward,
  initParams,
  isMatrix,
  lossTerms,
  type ModelShape,
  type Params,
  type TF,
  trainable,
} from "./model.js";
import { CLEAN, type Noise, noisySequence } from "./noise.js";
import { deriveSeed, seededRandom } from "./random.js";
import { learningRate, type Recipe } from "./recipe.js";
import { cleanSequence, type Language } from "./text.js";

export interface RunConfig {
  shape: ModelShape;
  batch: number;
  steps: number;
  /** Peak learning rate (fixed by the evaluator). */
  lr: number;
  noise: Noise;
  recipe: Recipe;
  /** Seeds the initial weights and the data stream. */
  seed: number;
  language: Language;
  detector?: DetectorOptions;
  /** Diagnostics every this many steps (0: none). */
  diagEvery?: number;
  /** Held-out clean sequences for the final loss. */
  heldOut?: number;
}

export interface Diagnostic {
  step: number;
  /** Per layer: the largest attention logit q·k/√d (before any cap). */
  maxAttnLogit: number[];
  /** Per layer: the same onto noise-token keys, and onto clean-token keys (NaN when there are none). */
  maxAttnLogitNoiseKeys: number[];
  maxAttnLogitCleanKeys: number[];
  /** The largest output logit magnitude, and the mean log Z. */
  maxOutputLogit: number;
  meanLogZ: number;
  /** Per layer: RMS of the parameter update divided by RMS of the parameters. */
  relUpdate: number[];
}

export interface RunResult {
  /** Training cross-entropy (noisy batches) per step run. */
  losses: number[];
  verdict: Verdict;
  /** Mean cross-entropy on clean held-out sequences after training (Infinity when not finite). */
  cleanLoss: number;
  /** The same on held-out sequences of the training distribution (noise included). */
  heldOutLoss: number;
  diagnostics: Diagnostic[];
}

const BETA1 = 0.9;
const EPS = 1e-8;

/** `count` sequences of `length` tokens as [inputs, targets] id arrays. */
export function makeBatch(
  language: Language,
  noise: Noise,
  count: number,
  length: number,
  random: () => number,
): { inputs: number[][]; targets: number[][]; inputNoise: number[][] } {
  const inputs: number[][] = [];
  const targets: number[][] = [];
  const inputNoise: number[][] = [];
  for (let i = 0; i < count; i++) {
    const { tokens, isNoise } = noisySequence(
      (n) => cleanSequence(language, n, random),
      length + 1,
      noise,
      random,
    );
    inputs.push(tokens.slice(0, length));
    targets.push(tokens.slice(1));
    inputNoise.push(isNoise.slice(0, length));
  }
  return { inputs, targets, inputNoise };
}

/** The layer a parameter belongs to ("l0", "l1", ...), or undefined for embeddings and the head. */
const layerOf = (name: string): number | undefined => {
  const match = /^l(\d+)\./.exec(name);
  return match === null ? undefined : Number(match[1]);
};

/** AdamW state and one step: clip, moments, bias correction, decoupled decay. */
class AdamW {
  private readonly m = new Map<string, tfjs.Variable>();
  private readonly v = new Map<string, tfjs.Variable>();
  private t = 0;

  constructor(
    private readonly tf: TF,
    private readonly vars: tfjs.Variable[],
    private readonly recipe: Recipe,
  ) {
    for (const w of vars) {
      this.m.set(w.name, tf.variable(tf.zerosLike(w), false));
      this.v.set(w.name, tf.variable(tf.zerosLike(w), false));
    }
  }

  /** Applies gradients at learning rate `lr`; with `measure`, returns per-layer relative update RMS. */
  step(grads: tfjs.NamedTensorMap, lr: number, layers: number, measure: boolean): number[] {
    const { tf, recipe } = this;
    this.t++;
    const b2 = recipe.beta2;
    const c1 = 1 - BETA1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    const sums = Array.from({ length: layers }, () => [0, 0]);
    tf.tidy(() => {
      let scale: tfjs.Scalar | number = 1;
      if (recipe.clipNorm > 0) {
        const norm = tf.sqrt(tf.addN(this.vars.map((w) => tf.sum(tf.square(grads[w.name]!)))));
        scale = tf.minimum(1, tf.div(recipe.clipNorm, tf.add(norm, 1e-12))) as tfjs.Scalar;
      }
      for (const w of this.vars) {
        const g = tf.mul(grads[w.name]!, scale);
        const m = this.m.get(w.name)!;
        const v = this.v.get(w.name)!;
        m.assign(tf.add(tf.mul(m, BETA1), tf.mul(g, 1 - BETA1)));
        v.assign(tf.add(tf.mul(v, b2), tf.mul(tf.square(g), 1 - b2)));
        let update = tf.mul(tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), EPS)), lr);
        if (recipe.weightDecay > 0 && isMatrix(w.name))
          update = tf.add(update, tf.mul(w, lr * recipe.weightDecay));
        const layer = layerOf(w.name);
        if (measure && layer !== undefined) {
          sums[layer]![0]! += tf.sum(tf.square(update)).dataSync()[0]!;
          sums[layer]![1]! += tf.sum(tf.square(w)).dataSync()[0]!;
        }
        w.assign(tf.sub(w, update));
      }
    });
    return sums.map(([u, p]) => Math.sqrt(u! / Math.max(p!, 1e-30)));
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}

function measureForward(
  tf: TF,
  params: Params,
  config: RunConfig,
  inputs: number[][],
  inputNoise: number[][],
): Omit<Diagnostic, "step" | "relUpdate"> {
  return tf.tidy(() => {
    const { logits, maxAttnLogits, byKey } = forward(
      tf,
      params,
      config.shape,
      config.recipe,
      tf.tensor2d(inputs, undefined, "int32"),
      tf.tensor2d(inputNoise, undefined, "float32"),
    );
    const read = (ts: tfjs.Tensor[] | undefined) =>
      (ts ?? []).map((t) => {
        const value = t.dataSync()[0]!;
        return value < -1e8 ? Number.NaN : value;
      });
    return {
      maxAttnLogit: maxAttnLogits.map((t) => t.dataSync()[0]!),
      maxAttnLogitNoiseKeys: read(byKey?.noise),
      maxAttnLogitCleanKeys: read(byKey?.clean),
      maxOutputLogit: tf.max(tf.abs(logits)).dataSync()[0]!,
      meanLogZ: tf.mean(tf.logSumExp(logits, -1)).dataSync()[0]!,
    };
  });
}

/** Mean cross-entropy on fixed held-out sequences of `noise` (the same for every run). */
export function heldOutLoss(tf: TF, params: Params, config: RunConfig, noise: Noise): number {
  const count = config.heldOut ?? 64;
  const random = seededRandom(deriveSeed(7, "held-out"));
  const { inputs, targets } = makeBatch(config.language, noise, count, config.shape.context, random);
  const value = tf.tidy(() => {
    const { logits } = forward(
      tf,
      params,
      config.shape,
      config.recipe,
      tf.tensor2d(inputs, undefined, "int32"),
    );
    return lossTerms(
      tf,
      logits,
      tf.tensor2d(targets, undefined, "int32"),
      config.shape.vocab,
    ).ce.dataSync()[0]!;
  });
  return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
}

/** Trains one model; stops early once the detector declares a divergence. */
export function trainRun(tf: TF, config: RunConfig): RunResult {
  const { shape, recipe, steps } = config;
  const params = initParams(tf, shape, config.seed);
  const vars = trainable(params, recipe);
  const optimizer = new AdamW(tf, vars, recipe);
  const detector = new DivergenceDetector(config.detector ?? DEFAULT_DETECTOR);
  const random = seededRandom(deriveSeed(config.seed, "data"));
  const losses: number[] = [];
  const diagnostics: Diagnostic[] = [];
  const every = config.diagEvery ?? 0;
  try {
    for (let step = 0; step < steps; step++) {
      const { inputs, targets, inputNoise } = makeBatch(
        config.language,
        config.noise,
        config.batch,
        shape.context,
        random,
      );
      const measure = every > 0 && step % every === 0;
      const partial = measure ? measureForward(tf, params, config, inputs, inputNoise) : undefined;
      let ce = Number.NaN;
      const { value, grads } = tf.variableGrads(() => {
        const { logits } = forward(tf, params, shape, recipe, tf.tensor2d(inputs, undefined, "int32"));
        const terms = lossTerms(tf, logits, tf.tensor2d(targets, undefined, "int32"), shape.vocab);
        ce = terms.ce.dataSync()[0]!;
        return (
          recipe.zLoss > 0 ? tf.add(terms.ce, tf.mul(terms.z2, recipe.zLoss)) : terms.ce
        ) as tfjs.Scalar;
      }, vars);
      value.dispose();
      losses.push(ce);
      if (detector.push(ce)) {
        tf.dispose(Object.values(grads));
        break;
      }
      const relUpdate = optimizer.step(
        grads,
        learningRate(recipe, config.lr, step, steps),
        shape.layers,
        measure,
      );
      tf.dispose(Object.values(grads));
      if (partial !== undefined) diagnostics.push({ step, ...partial, relUpdate });
    }
    const verdict = detector.result();
    const held = (noise: Noise) =>
      verdict.diverged ? Number.POSITIVE_INFINITY : heldOutLoss(tf, params, config, noise);
    return { losses, verdict, cleanLoss: held(CLEAN), heldOutLoss: held(config.noise), diagnostics };
  } finally {
    optimizer.dispose();
    for (const v of params.values()) v.dispose();
  }
}

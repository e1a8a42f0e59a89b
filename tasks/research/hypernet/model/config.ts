/**
 * What a training run is: the model (monolithic, or hypernetwork with the paper's normalisation
 * and initialisation choices), the loss head and the optimiser's budget. The ablations of the
 * bench are presets over the reference hypernetwork.
 */

/** How the hypernetwork's output heads ψ_b = W_b c + β_b start (paper, §4.1 of the fact sheet). */
export type HeadInit =
  /** W_b = 0, β_b = a standard init: every task starts from the same base network. */
  | "bias"
  /** W_b ~ TruncNormal(0, 1/fan_in) (÷ d_c when c is not rescaled), β_b = 0. */
  | "variance"
  /** A plain dense layer's init (Glorot over [d_c, P_b]), β_b = 0: no hypernetwork-specific care. */
  | "default";

export interface ModelConfig {
  kind: "monolithic" | "hypernet";
  /** Hidden widths of the task policy: [32, 32] fits the cap; the bench's uncapped monolith is wider. */
  hidden: readonly number[];
  /** Context (instruction embedding) size d_c. */
  contextDim: number;
  init: HeadInit;
  /** c ← c / √d_c before the heads. */
  scaleContext: boolean;
  /** Base-network blocks kept shared instead of generated ("w0" = first kernel, "b2" = last bias). */
  shared: readonly string[];
  /** AdamW-style decoupled weight decay on the hypernetwork's (or monolithic net's) kernels. */
  weightDecay: number;
  /** "mix": MSE on dx, dy + BCE on the grip logit (the paper's Mix head); "mse": MSE on all three. */
  lossHead: "mix" | "mse";
}

export interface TrainConfig {
  steps: number;
  learningRate: number;
  /** Frames drawn per training instruction per step (a batch holds every training instruction). */
  framesPerInstruction: number;
  seed: number;
}

export const REFERENCE_MODEL: ModelConfig = {
  kind: "hypernet",
  hidden: [32, 32],
  contextDim: 32,
  init: "bias",
  scaleContext: true,
  shared: [],
  weightDecay: 0.05,
  lossHead: "mix",
};

export const MONOLITHIC_MODEL: ModelConfig = { ...REFERENCE_MODEL, kind: "monolithic" };

/** The fact sheet's comparison point: a monolithic policy of ~140k activated parameters, over the cap. */
export const LARGE_MONOLITHIC_MODEL: ModelConfig = { ...MONOLITHIC_MODEL, hidden: [256, 256, 256] };

/** The full-size training budget (the task's reported scores) and the smoke one (tests). */
export const FULL_TRAINING: Omit<TrainConfig, "seed"> = {
  steps: 1500,
  learningRate: 1e-2,
  framesPerInstruction: 32,
};
export const SMOKE_TRAINING: Omit<TrainConfig, "seed"> = {
  steps: 300,
  learningRate: 1e-2,
  framesPerInstruction: 32,
};

/** The bench's ablations of the reference hypernetwork. */
export const ABLATIONS: Record<string, ModelConfig> = {
  "hypernet (reference)": REFERENCE_MODEL,
  "init: variance": { ...REFERENCE_MODEL, init: "variance" },
  "init: default": { ...REFERENCE_MODEL, init: "default" },
  "no c/sqrt(d_c)": { ...REFERENCE_MODEL, scaleContext: false },
  "no weight decay": { ...REFERENCE_MODEL, weightDecay: 0 },
  "MSE-only head": { ...REFERENCE_MODEL, lossHead: "mse" },
  "shared first layer": { ...REFERENCE_MODEL, shared: ["w0", "b0"] },
};

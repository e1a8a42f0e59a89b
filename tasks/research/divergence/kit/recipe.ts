/**
 * The training recipe: what the agent edits. The evaluator fixes the model, the data, the noise,
 * the peak learning rate and the number of steps; the recipe chooses the stabilisers. Every field
 * is optional (missing fields take the plain recipe's value) and bounded, so a recipe cannot buy
 * stability by not training: warm-up ends by mid-run and decay stops at a tenth of the peak.
 */

export interface Recipe {
  /** LayerNorm on queries and keys per head, with learnt gains (Dehghani et al.; Wortsman et al.). */
  qkNorm: boolean;
  /** Coefficient of the auxiliary loss mean(log² Z) on the output logits (PaLM's z-loss uses 1e-4). */
  zLoss: number;
  /** Output-logit soft-capping cap · tanh(logit / cap); 0 disables it. */
  logitSoftCap: number;
  /** Attention-logit soft-capping, the same form on q·k/√d; 0 disables it. */
  attnSoftCap: number;
  /** Linear warm-up from 0 to the peak learning rate over this fraction of the steps. */
  warmupFraction: number;
  /** After warm-up: constant, or cosine decay to minLrFraction · peak at the last step. */
  schedule: "constant" | "cosine";
  minLrFraction: number;
  /** Global gradient-norm clipping; 0 disables it. */
  clipNorm: number;
  /** Decoupled (AdamW) weight decay on matrices, times the learning rate. */
  weightDecay: number;
  /** Adam's second-moment decay. */
  beta2: number;
}

/** The plain recipe: no mitigation at all (what naive.ts submits). */
export const PLAIN_RECIPE: Recipe = {
  qkNorm: false,
  zLoss: 0,
  logitSoftCap: 0,
  attnSoftCap: 0,
  warmupFraction: 0,
  schedule: "constant",
  minLrFraction: 1,
  clipNorm: 0,
  weightDecay: 0,
  beta2: 0.95,
};

type Check = (value: unknown) => string | undefined;

const range =
  (low: number, high: number, zeroOff = false): Check =>
  (value) => {
    if (typeof value !== "number" || !Number.isFinite(value)) return "must be a finite number";
    if (zeroOff && value === 0) return undefined;
    if (value < low || value > high)
      return `must be in [${low}, ${high}]${zeroOff ? " or 0 (off)" : ""} (got ${value})`;
    return undefined;
  };

const CHECKS: Record<keyof Recipe, Check> = {
  qkNorm: (v) => (typeof v === "boolean" ? undefined : "must be true or false"),
  zLoss: range(0, 0.1),
  logitSoftCap: range(1, 1000, true),
  attnSoftCap: range(1, 1000, true),
  warmupFraction: range(0, 0.5),
  schedule: (v) => (v === "constant" || v === "cosine" ? undefined : 'must be "constant" or "cosine"'),
  minLrFraction: range(0.1, 1),
  clipNorm: range(0.1, 1000, true),
  weightDecay: range(0, 0.3),
  beta2: range(0.9, 0.9999),
};

/** Why `value` is not a recipe, or undefined when it is one. */
export function recipeProblem(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return "a recipe must be a JSON object";
  for (const [key, field] of Object.entries(value)) {
    const check = CHECKS[key as keyof Recipe];
    if (check === undefined)
      return `unknown recipe field '${key}' (fields: ${Object.keys(CHECKS).join(", ")})`;
    const problem = check(field);
    if (problem !== undefined) return `recipe field '${key}' ${problem}`;
  }
  return undefined;
}

/** A full recipe from a partial one; throws an Error naming the problem when it is not valid. */
export function parseRecipe(value: unknown): Recipe {
  const text = typeof value === "string" ? value : undefined;
  let parsed = value;
  if (text !== undefined) {
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`the recipe is not JSON: ${text.slice(0, 60)}`);
    }
  }
  const problem = recipeProblem(parsed);
  if (problem !== undefined) throw new Error(problem);
  return { ...PLAIN_RECIPE, ...(parsed as Partial<Recipe>) };
}

/** The learning rate at `step` (0-based) of `steps`, for peak `lr`. */
export function learningRate(recipe: Recipe, lr: number, step: number, steps: number): number {
  const warmup = Math.round(recipe.warmupFraction * steps);
  if (step < warmup) return (lr * (step + 1)) / warmup;
  if (recipe.schedule === "constant") return lr;
  const progress = steps - warmup <= 1 ? 1 : (step - warmup) / (steps - warmup - 1);
  const floor = recipe.minLrFraction;
  return lr * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

/**
 * The mitigations the literature supports for logit-growth instability (what reference.ts
 * submits): QK-norm and z-loss 1e-4 (Wortsman et al. 2023; the noisy-data paper names QK-norm as a
 * mitigation), a linear warm-up over a tenth of the run, and gradient clipping at norm 1.
 */
export const MITIGATED_RECIPE: Recipe = {
  ...PLAIN_RECIPE,
  qkNorm: true,
  zLoss: 1e-4,
  warmupFraction: 0.1,
  clipNorm: 1,
};

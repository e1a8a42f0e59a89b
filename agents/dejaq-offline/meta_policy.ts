/**
 * The meta agent's mutation policy. The meta agent reads these values when it runs and also
 * edits this file for its child (self-modification without a model): `stepScale` follows the
 * 1/5th success rule over the lineage's scores, and any line marked `// @tune` may be perturbed
 * at random with probability `selfMutationRate`. Same markers as params.ts.
 */
export const policy = {
  /** Numeric step size, as a fraction of a parameter's range (log-range for ranges over decades). */
  stepScale: 0.15, // @tune 0.01..0.6
  /** How many operators one edit applies. */
  mutationsPerEdit: 2, // @tune int 1..5
  /** Relative weight of "perturb one number". */
  numericWeight: 1, // @tune 0..1
  /** Relative weight of "switch one strategy choice". */
  choiceWeight: 0.25, // @tune 0..1
  /** Relative weight of "take values from a peer" (only when peers are given). */
  crossoverWeight: 0.3, // @tune 0..1
  /** Fraction of a peer's differing values taken in one crossover. */
  crossoverFraction: 0.5, // @tune 0.1..1
  /** Chance to also perturb one other line of this file. */
  selfMutationRate: 0.3, // @tune 0..1
  /** Lineage steps the 1/5th success rule looks back over. */
  successWindow: 5, // @tune int 1..10
  /** Step-size factor when more than 1/5 of recent steps improved (its inverse applies otherwise). */
  stepAdapt: 1.3, // @tune 1..3
  /** Below this many iterations left, steps shrink by lateStepFactor: explore early, refine late. */
  lateIterations: 3, // @tune int 0..20
  lateStepFactor: 0.5, // @tune 0.1..1
};

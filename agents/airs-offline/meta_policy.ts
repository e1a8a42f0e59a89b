/**
 * The meta agent's own mutation policy, which it also edits for its child (self-modification
 * without a model). `stepScale` follows the 1/5th success rule over the lineage's scores; any
 * other line may be perturbed with probability `selfMutationRate`. Same markers as params.ts.
 */
export const policy = {
  /** Gaussian step as a share of a number's range (of its log-range for ranges over a decade). */
  stepScale: 0.2, // @tune 0.01..0.6
  /** Edits per child. */
  mutationsPerEdit: 2, // @tune int 1..6
  /** Relative weight of "move one number". */
  numericWeight: 1, // @tune 0..1
  /** Relative weight of "switch one choice" (a model template, a method). */
  choiceWeight: 0.5, // @tune 0..1
  /** How much likelier a choice edit switches the template (model, method) than another choice. */
  templateBias: 3, // @tune 1..10
  /** Relative weight of "take a peer's values for one group" (only with peers). */
  crossoverWeight: 0.1, // @tune 0..1
  /** Relative weight of the search group (variants, spread) against the task-kind groups. */
  searchWeight: 0.15, // @tune 0..1
  /** Weight of the kinds with no train results (held-out tasks: only selection on val judges them). */
  unseenWeight: 0.1, // @tune 0..1
  /** How strongly edits go to the kinds of task the program scores worst on (0 = uniformly). */
  focus: 1, // @tune 0..4
  /** Chance to also perturb one other line of this file. */
  selfMutationRate: 0.3, // @tune 0..1
  /** Lineage steps the 1/5th success rule looks back over. */
  successWindow: 4, // @tune int 1..10
  /** Step factor when more than 1/5 of recent steps improved (its inverse otherwise). */
  stepAdapt: 1.3, // @tune 1..3
};

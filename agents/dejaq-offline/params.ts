/**
 * Tunable parameters of the mutation strategy. The offline meta agent edits this file: a line
 * ending in `// @tune MIN..MAX` (or `// @tune int MIN..MAX`) holds a number it may perturb within
 * those bounds; `// @choice A|B` a string it may switch. One parameter per line.
 */

export const dejaq = {
  /** Relative weight of adding an irrelevant sentence with an unused number (answer unchanged). */
  distractorWeight: 1, // @tune 0..3
  /** Relative weight of moving the story to other people (answer unchanged). */
  settingWeight: 0.3, // @tune 0..3
  /** Relative weight of appending an extra step ("then 4 more are added"): new maths. */
  clauseWeight: 1, // @tune 0..3
  /** Relative weight of changing one given number (text and program together): new maths. */
  constantWeight: 0.5, // @tune 0..3
  /** Distractor sentences added by one distractor mutation. */
  distractors: 1, // @tune int 1..3
  /** Extra steps appended by one clause mutation. */
  clauses: 1, // @tune int 1..3
  /** Largest number an extra step uses (from 2). */
  clauseMax: 9, // @tune int 3..30
  /** A constant change multiplies the number by a factor up to this (or divides). */
  constantSpread: 2, // @tune 1.1..5
  /** Which operations an extra step may use. */
  clauseOps: "all", // @choice all|additive|multiplicative
  /** Prefer parents with fewer steps than this: do not mutate problems that are already long. */
  maxSteps: 5, // @tune int 1..10
  /** When the parent has maxSteps or more, mutate contextually (distractor or setting) only. */
  contextualWhenLong: "yes", // @choice yes|no
};

/**
 * Tunable parameters of the task agent's strategies. The offline meta agent edits this file:
 * a line ending in `// @tune MIN..MAX` (or `// @tune int MIN..MAX`) holds a number it may
 * perturb within those bounds; a line ending in `// @choice A|B|C` holds a string it may switch
 * to another listed option. Keep one parameter per line so the edits stay line-local.
 */

export const circlePacking = {
  /** Starting layout of the centres. */
  layout: "grid", // @choice grid|hex|rings|random
  /** First-order optimiser for the penalty objective. */
  optimizer: "adam", // @choice adam|momentum
  /** Independent optimisations; the best packing wins. */
  restarts: 1, // @tune int 1..24
  /** Gradient steps per restart. */
  iterations: 700, // @tune int 100..6000
  /** Step size of the optimiser. */
  learningRate: 0.002, // @tune 0.0002..0.05
  /** The step size decays (cosine) to learningRate times this by the last step. */
  finalLearningRateFraction: 1, // @tune 0.001..1
  /** Penalty weight on overlaps at the first step; it grows geometrically to penaltyEnd. */
  penaltyStart: 20, // @tune 1..500
  /** Penalty weight at the last step. */
  penaltyEnd: 3000, // @tune 100..1000000
  /** Radius every circle starts with. */
  initialRadius: 0.04, // @tune 0.005..0.15
  /** Random displacement of the starting centres. */
  jitter: 0.01, // @tune 0..0.15
  /** Coordinate-ascent passes that grow the radii once the centres are fixed. */
  radiusPasses: 20, // @tune int 1..400
  /** Wall-clock budget in ms: no new restart starts after it (the sandbox kills slow agents). */
  timeBudgetMs: 6000,
};

export const decrypto = {
  /** Encoder: weight of a candidate's similarity to its own keyword. */
  ownWeight: 1, // @tune 0..3
  /** Encoder: ownWeight for a slot's first hint, which sets Eve's picture of the slot (negative: open with a weakly related word). */
  openingOwnWeight: 1, // @tune -3..3
  /** Encoder: weight of its largest similarity to another keyword (subtracted: Bob could confuse them; negative favours words between two keywords). */
  otherWeight: 1, // @tune -2..3
  /** Encoder: weight of its similarity to the slot's earlier hints (subtracted: Eve matches slots by them). */
  leakWeight: 0.5, // @tune 0..3
  /** Encoder: weight of its similarity to other slots' earlier hints (added: misleads Eve). */
  decoyWeight: 0, // @tune 0..3
  /** Encoder: penalty per place down the candidate list (rank / 30 times this): obvious words first when positive. */
  rankWeight: 0, // @tune -2..2
  /** Encoder: uniform random bonus (Math.random times this) on every word's score: less predictable hints. */
  noise: 0, // @tune 0..1
  /** Encoder: how far down each keyword's candidate list (best first) to look. */
  candidatePool: 10, // @tune int 1..30
  /** Encoder: best words per code digit combined into triples; 1 takes each digit's best word. */
  beam: 4, // @tune int 1..12
  /** Encoder: weight of the margin by which a model of Eve (slot = mean profile of its past hints) would intercept a triple (subtracted). */
  eveWeight: 0, // @tune 0..5
  /** Encoder: Eve's predicted margin counts from -eveSlack up (a cushion for the model's error). */
  eveSlack: 0, // @tune 0..0.5
  /** Encoder's model of Eve: similarity two words near the same keyword share beyond their keyword similarities. */
  eveResidual: 0.2, // @tune 0..0.6
  /** Encoder: a triple is used only if Bob's decoder, replayed by Alice, picks the code by at least this score margin. */
  safetyMargin: 0, // @tune -0.5..0.5
  /** Decoder: "assignment" maximises the total similarity over distinct digits; "greedy" takes each hint's best keyword. */
  decoder: "greedy", // @choice assignment|greedy
};

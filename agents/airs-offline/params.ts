/**
 * The task agent's choices, one group per kind of task (task_agent.ts says which kind a task is,
 * from its metric and the prompt's data description), plus the search over variants. The meta
 * agent edits this file: a line ending in `// @tune MIN..MAX` (or `// @tune int MIN..MAX`) holds a
 * number it may move within those bounds, a line ending in `// @choice A|B` a choice it may switch.
 * A trailing `@when KEY=A|B` says the line matters only while the group's KEY is A or B (the meta
 * agent leaves it alone otherwise). One parameter per line, so every edit is one line of the diff.
 */

/** How many solutions the agent runs on held-out training rows before answering. */
export const search = {
  /** Runs through run_solution: the first is the group's own choice, the others variants of it. */
  variants: 2, // @tune int 0..4
  /** Chance that a variant switches the model template rather than scaling a number. */
  switchModelRate: 0.3, // @tune 0..1
  /** A variant multiplies one number by this factor or its inverse. */
  variantSpread: 3, // @tune 1.2..10
  /** No new run starts when less than this share of the time budget is left. */
  reserve: 0.35, // @tune 0.1..0.8
  /** Wall-clock budget of the whole agent in ms (the sandbox kills slower ones). */
  timeBudgetMs: 50000,
};

/** Numbers, lists and text to one number, scored by absolute error. */
export const regression = {
  model: "ridge", // @choice mean|median|ridge|mlp|knn
  ridge: 0.001, // @tune 0.000001..10 @when model=ridge
  knn: 10, // @tune int 1..60 @when model=knn
  hidden: 32, // @tune int 4..128 @when model=mlp
  epochs: 150, // @tune int 10..600 @when model=mlp
  learningRate: 0.01, // @tune 0.0005..0.1 @when model=mlp
  l1Loss: "yes", // @choice yes|no @when model=mlp
  histogramBins: 8, // @tune int 2..32 @when model=ridge|mlp|knn
  maxVocabulary: 300, // @tune int 0..3000 @when model=ridge|mlp|knn
  useValidation: "yes", // @choice yes|no
};

/** Lists of 3-D points (molecules): pairwise-distance histograms per pair of point types. */
export const geometry = {
  model: "ridge", // @choice mean|median|ridge|mlp|knn
  ridge: 0.0001, // @tune 0.000001..10 @when model=ridge
  knn: 10, // @tune int 1..60 @when model=knn
  hidden: 32, // @tune int 4..128 @when model=mlp
  epochs: 150, // @tune int 10..600 @when model=mlp
  learningRate: 0.01, // @tune 0.0005..0.1 @when model=mlp
  l1Loss: "yes", // @choice yes|no @when model=mlp
  histogramBins: 8, // @tune int 2..32 @when model=ridge|mlp|knn
  distanceCentres: 16, // @tune int 4..48 @when model=ridge|mlp|knn
  distanceWidth: 1, // @tune 0.3..3 @when model=ridge|mlp|knn
  distanceQuantile: 0.5, // @tune 0.1..1 @when model=ridge|mlp|knn
  useValidation: "yes", // @choice yes|no
};

/** Edge lists (molecular graphs): counts of degrees, valences, cycles. */
export const graph = {
  model: "ridge", // @choice mean|median|ridge|mlp|knn
  ridge: 0.001, // @tune 0.000001..10 @when model=ridge
  knn: 10, // @tune int 1..60 @when model=knn
  hidden: 32, // @tune int 4..128 @when model=mlp
  epochs: 150, // @tune int 10..600 @when model=mlp
  learningRate: 0.01, // @tune 0.0005..0.1 @when model=mlp
  l1Loss: "yes", // @choice yes|no @when model=mlp
  histogramBins: 8, // @tune int 2..32 @when model=ridge|mlp|knn
  useValidation: "yes", // @choice yes|no
};

/** Rank correlation with a score (text pairs): only the order of the predictions counts. */
export const correlation = {
  model: "ridge", // @choice ridge|mlp|knn
  ridge: 0.01, // @tune 0.000001..10 @when model=ridge
  knn: 20, // @tune int 1..60 @when model=knn
  hidden: 32, // @tune int 4..128 @when model=mlp
  epochs: 100, // @tune int 10..600 @when model=mlp
  learningRate: 0.01, // @tune 0.0005..0.1 @when model=mlp
  l1Loss: "no", // @choice yes|no @when model=mlp
  maxVocabulary: 400, // @tune int 0..3000 @when model=ridge|mlp|knn
  bigrams: "no", // @choice yes|no @when model=ridge|mlp|knn
  useValidation: "yes", // @choice yes|no
};

/** Labels (or equations to run) scored by accuracy: a softmax classifier on words and word pairs. */
export const classification = {
  epochs: 120, // @tune int 10..600
  learningRate: 0.05, // @tune 0.001..0.3
  l2: 0.0001, // @tune 0.0000001..0.01
  maxVocabulary: 1500, // @tune int 50..5000
  bigrams: "yes", // @choice yes|no
  useValidation: "yes", // @choice yes|no
};

/** Retrieval scored by mean reciprocal rank: BM25 with query expansion learned from the pairs. */
export const ranking = {
  k1: 1.2, // @tune 0.1..3
  b: 0.75, // @tune 0..1
  expansionTerms: 3, // @tune int 0..20
  expansionWeight: 0.3, // @tune 0..2
  topK: 100, // @tune int 10..1000
  useValidation: "yes", // @choice yes|no
};

/** List-valued targets (a history, then the next values): seasonal or linear autoregressive. */
export const forecast = {
  method: "seasonal", // @choice last|seasonal|linear
  season: 7, // @tune int 1..28 @when method=seasonal|linear
  lags: 28, // @tune int 2..90 @when method=linear
  ridge: 0.01, // @tune 0.00001..10 @when method=linear
  blend: 1, // @tune 0..1 @when method=linear
  scaleWindow: 7, // @tune int 1..60 @when method=linear
  windowsPerSeries: 30, // @tune int 1..200 @when method=linear
  useValidation: "yes", // @choice yes|no
};

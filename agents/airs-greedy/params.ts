/**
 * The greedy search's own parameters. The meta agent may edit any of them; keep one value per
 * line. The search defaults follow aira-dojo's MLE-bench greedy configuration (5 drafts, debug
 * probability 1, debug depth 20); the step and time budgets fit a solution runner whose single
 * run may take minutes.
 */
export const search = {
  /** Drafts written from scratch before any debug or improve step. */
  numDrafts: 5,
  /** Once the drafts exist: probability of debugging a buggy leaf instead of improving the best node. */
  debugProb: 1.0,
  /** A buggy leaf is debugged only while its debug depth (consecutive debug steps) is at most this. */
  maxDebugDepth: 20,
  /** Search steps (one model-written script, one run, one analysis each) before the best node is returned. */
  maxSteps: 20,
  /** Wall-clock budget of the whole search; no new step starts after it. */
  timeBudgetMs: 60 * 60_000,
  /** Consecutive failed model calls after which the search gives up. */
  maxModelFailures: 3,
  /** Seed of the search's random choices; null draws it from Math.random (which the host seeds per run). */
  seed: null as number | null,
};

export const model = {
  /** Sampling temperature of the draft, improve and debug calls (drafts should differ). */
  temperature: 0.7,
  /** Sampling temperature of the analysis call. */
  analyzeTemperature: 0,
  /** Output-token cap of a code-writing call (reasoning models spend tokens before answering). */
  maxTokens: 16_384,
  /** Output-token cap of an analysis call. */
  analyzeMaxTokens: 4_096,
};

export const prompt = {
  /** Previous attempts listed in the improve and draft prompts ("simple memory"), newest last. */
  memoryNodes: 8,
  /** Characters of a run's output shown to the model (its tail). */
  outputChars: 3_000,
};

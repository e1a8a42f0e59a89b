// Decrypto: the game, its players (embedding baselines, model players), evaluation, theory-of-mind
// probes and the evolution task.
import type { Task } from "../task.js";
import { decryptoModelEvaluation } from "./evaluate.js";
import { decryptoTask as gameTask } from "./task.js";

export { type Parsed, parseGuessAnswer, parseHintsAnswer, parseKeywordsAnswer } from "./answer.js";
export {
  type BuiltEmbeddings,
  buildEmbeddings,
  DEFAULT_BUILD,
  type EmbeddingBuildOptions,
} from "./build-embeddings.js";
export { ALL_CODES, formatCode, isCode, parseGuess, sameCode } from "./codes.js";
export {
  cacheDir,
  type LoadEmbeddingsOptions,
  type LoadedEmbeddings,
  loadEmbeddings,
} from "./embedding-cache.js";
export {
  createEmbeddings,
  type Embeddings,
  embedText,
  nearest,
  sharesStem,
  similarity,
} from "./embeddings.js";
export {
  type DecryptoEvaluation,
  type DecryptoModelEvaluationOptions,
  type DecryptoPairing,
  decryptoModelEvaluation,
  type EvaluateDecryptoOptions,
  evaluateDecrypto,
  type GameSummary,
  gameSeed,
  type MatchupResult,
} from "./evaluate.js";
export {
  dealGame,
  emptyHistory,
  endCondition,
  type PlayGameOptions,
  playGame,
  type TurnEvent,
} from "./game.js";
export { assignBySimilarity, hungarian } from "./hungarian.js";
export { drawKeywords, keywordList } from "./keywords.js";
export { type MatchupMetrics, type MeanSem, matchupMetrics, meanSem } from "./metrics.js";
export {
  createEmbeddingDecoder,
  createEmbeddingEncoder,
  createEmbeddingInterceptor,
  type EmbeddingPlayerOptions,
  hintCandidates,
  similarityMatrix,
} from "./players/embedding.js";
export {
  createModelDecoder,
  createModelEncoder,
  createModelInterceptor,
  type KeywordProbe,
  type ModelEncoder,
  type ModelInterceptor,
  type ModelPlayerOptions,
  type PlayerStats,
} from "./players/model.js";
export { type ProgressFn, terminalProgress } from "./progress.js";
export { createRng, mixSeed } from "./rng.js";
export { createDecryptoTask, DECRYPTO_DESCRIPTION, type DecryptoTaskOptions } from "./task.js";

/** The Decrypto task, with its model evaluation (match-ups, ToM probes) for `eval --model`. */
export const decryptoTask: Task = { ...gameTask, evaluateModel: decryptoModelEvaluation() };
export {
  type FalseBeliefScores,
  type KeywordProbeRecord,
  type PerspectiveScores,
  type PredictionRecord,
  sameKeywords,
  scoreFalseBelief,
  scorePerspectiveTaking,
} from "./tom.js";
export * from "./types.js";

/** AIRS-Bench metrics: per-task scoring rules, normalisation, VSR, Elo and aggregation. */
export { fractionTrue, scoreAccuracy, scoreAccuracyInt } from "./accuracy.js";
export {
  type AggregateOptions,
  type AggregateScores,
  aggregateIqm,
  aggregateMean,
  aggregateMedian,
  aggregateScores,
  completeRows,
  type Estimate,
  type ScoreMatrix,
} from "./aggregate-scores.js";
export { AIRS_EVALUATOR_IDS, type AirsEvaluatorId, evaluateAirs } from "./airs.js";
export { type BradleyTerryFit, type BradleyTerryOptions, fitBradleyTerry } from "./bradley-terry.js";
export { InvalidSubmissionError, PANDAS_NA_VALUES, type Row, toList, toNumber } from "./cells.js";
export {
  type Battles,
  battleOutcome,
  type EloOptions,
  type EloRating,
  type EloResult,
  type EloTask,
  eloBattles,
  eloRatings,
  type Outcome,
  winWeights,
} from "./elo.js";
export { finqaMatch, finqaNumber, finqaText, scoreFinqa } from "./finqa.js";
export {
  DEFAULT_SERIES_COLUMN,
  horizonLabels,
  maskedMeanAbsoluteError,
  meanAbsoluteScaledError,
  scoreMase,
  scoreMaskedMae,
} from "./forecast.js";
export { meanAbsoluteError, scoreMae } from "./mae.js";
export { meanReciprocalRank, reciprocalRank, roundHalfEven, scoreMrr } from "./mrr.js";
export {
  marchOfNines,
  type NormalizationAnchors,
  normalizedScoreLinear,
  normalizedScoreLog,
  OPTIMUM_DISTANCE_FLOOR,
  observedWorstScore,
} from "./normalize.js";
export { meanPassAtK, passAtK, scorePassAtK } from "./pass-at-k.js";
export { porterStem } from "./porter-stemmer.js";
export { quantile, quantileSorted } from "./quantile.js";
export { lcsLength, type RougeScore, rougeL, rougeTokenize, scoreRougeL } from "./rouge.js";
export { averageRanks, pearson, scoreSpearman, spearman } from "./spearman.js";
export { exactMatchAny, goldAnswers, normalizeAnswer, scoreDuorc, scoreSquadExactMatch } from "./squad.js";
export { type AgentVsr, agentVsr, type TaskVsr, taskVsr, type VsrBin, vsrBin } from "./vsr.js";

/**
 * The scoring rules of AIRS-Bench's official tasks (and of the bundled suite), with the official
 * semantics. Pure functions over rows: the task's evaluator and the leaderboard both use them.
 */
import { scoreAccuracy, scoreAccuracyInt } from "./accuracy.js";
import type { Row } from "./cells.js";
import { scoreFinqa } from "./finqa.js";
import { scoreMase, scoreMaskedMae } from "./forecast.js";
import { scoreMae } from "./mae.js";
import { scoreMrr } from "./mrr.js";
import { scorePassAtK } from "./pass-at-k.js";
import { scoreRougeL } from "./rouge.js";
import { scoreSpearman } from "./spearman.js";
import { scoreDuorc, scoreSquadExactMatch } from "./squad.js";

export { InvalidSubmissionError, type Row } from "./cells.js";

/**
 * The scoring rules of the 20 official tasks plus the bundled suite. Each names one scorer in
 * `SCORERS` below with the official semantics.
 */
export type AirsEvaluatorId =
  | "accuracy" // exact string/number equality
  | "accuracy-int" // SVAMP: int(pred) == int(label)
  | "accuracy-finqa" // FinQA numeric tolerance rules
  | "exact-match-squad" // SQuAD-normalised EM
  | "duorc" // DuoRC: SQuAD-normalised EM with the answer/no-answer rule
  | "rouge-l"
  | "mae"
  | "mae-masked" // NaNs in labels masked (rideshare)
  | "mase" // naive-1 scaling, constant training series skipped
  | "spearman"
  | "mrr" // CodeXGLUE code search: rankings as JSON lists of ids
  | "pass-at-k"; // code execution through the solution runner

type Scorer = (predictions: readonly Row[], labels: readonly Row[], scoringColumn: string) => number;

const SCORERS: Readonly<Record<AirsEvaluatorId, Scorer>> = {
  accuracy: scoreAccuracy,
  "accuracy-int": scoreAccuracyInt,
  "accuracy-finqa": scoreFinqa,
  "exact-match-squad": scoreSquadExactMatch,
  duorc: scoreDuorc,
  "rouge-l": scoreRougeL,
  mae: scoreMae,
  "mae-masked": scoreMaskedMae,
  mase: scoreMase,
  spearman: scoreSpearman,
  mrr: scoreMrr,
  "pass-at-k": scorePassAtK,
};

export const AIRS_EVALUATOR_IDS = Object.keys(SCORERS) as readonly AirsEvaluatorId[];

/**
 * Scores predictions against labelled rows with one rule; throws InvalidSubmissionError when the
 * submission cannot be scored (wrong row count, unparsable value, missing column). Lower-is-better
 * metrics return their raw value. Some rules return NaN where the official code does (Spearman
 * of a constant submission, MASE with no scorable series); normalisation maps NaN to 0.
 *
 * Row conventions: `predictions` are submission rows (strings from csv-parse); a one-column
 * submission is read whatever its header. DuoRC reads `answer` and `has_answer`; MRR reads
 * `query` and `rankings`; `pass-at-k` reads each problem's executed sample outcomes (a list of
 * booleans per row, written by the solution runner). The time-series rules default the scoring
 * column to `label_target` and read the history from `target` (see forecast.ts).
 */
export function evaluateAirs(
  evaluator: AirsEvaluatorId,
  predictions: readonly Row[],
  labels: readonly Row[],
  scoringColumn: string,
): number {
  const scorer = SCORERS[evaluator];
  if (scorer === undefined) throw new RangeError(`evaluateAirs: unknown evaluator '${String(evaluator)}'`);
  return scorer(predictions, labels, scoringColumn);
}

/**
 * The scoring rules of AIRS-Bench's official tasks (and of the bundled suite), with the official
 * semantics. Pure functions over rows: the task's evaluator and the leaderboard both use them.
 */

/** One example of a split or a submission: column name -> value. */
export type Row = { [column: string]: unknown };

/**
 * The scoring rules of the 20 official tasks plus the bundled suite. Each names one function in
 * `this file` with the official semantics.
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


/** The submission cannot be scored; `message` is one line saying why (a result, not a crash). */
export class InvalidSubmissionError extends Error {
  override readonly name = "InvalidSubmissionError";
}

/**
 * Scores predictions against labelled rows with one rule; throws InvalidSubmissionError when the
 * submission cannot be scored (wrong row count, unparsable value, missing column).
 */
export function evaluateAirs(
  _evaluator: AirsEvaluatorId,
  _predictions: readonly Row[],
  _labels: readonly Row[],
  _scoringColumn: string,
): number {
  throw new Error("evaluateAirs: being written (issue 13)");
}

/**
 * Mean reciprocal rank as CodeXGLUE's `calculate_scores` computes it for the code-search task:
 * predictions and labels are keyed by query text (a repeated query keeps its last row), each
 * labelled query scores 1/rank of its code id in the submitted ranking (0 when absent), and the
 * mean is rounded to 4 decimals. A labelled query with no prediction makes the submission
 * invalid (the official script exits without a score).
 */
import {
  checkRowCount,
  describe,
  InvalidSubmissionError,
  labelValue,
  type Row,
  requireColumn,
  toList,
} from "./cells.js";

/** Ids compare by value: 12, 12.0 and "12" are one id (CSV labels arrive as text). */
function idKey(value: unknown): string {
  return typeof value === "number" ? String(value) : String(value).trim();
}

/** The reciprocal rank of `answer` in `ranking` (1-based), or 0. */
export function reciprocalRank(ranking: readonly unknown[], answer: unknown): number {
  const key = idKey(answer);
  const index = ranking.findIndex((id) => idKey(id) === key);
  return index < 0 ? 0 : 1 / (index + 1);
}

/** calculate_scores: MRR over the answers' keys, rounded to 4 decimals. */
export function meanReciprocalRank(
  answers: ReadonlyMap<string, unknown>,
  rankings: ReadonlyMap<string, readonly unknown[]>,
): number {
  if (answers.size === 0) return Number.NaN;
  let total = 0;
  for (const [query, answer] of answers) {
    const ranking = rankings.get(query);
    if (ranking === undefined)
      throw new InvalidSubmissionError(`no ranking for the query ${describe(query)}`);
    total += reciprocalRank(ranking, answer);
  }
  return roundHalfEven(total / answers.size, 4);
}

/** numpy's `round(x, digits)`: half-way cases go to the even neighbour. */
export function roundHalfEven(value: number, digits: number): number {
  const scale = 10 ** digits;
  const scaled = value * scale;
  const floor = Math.floor(scaled);
  const rest = scaled - floor;
  const rounded = rest > 0.5 || (rest === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  return rounded / scale;
}

/** Submission columns `query` and `rankings` (a JSON list of code ids); labels `query` and the id column. */
export function scoreMrr(predictions: readonly Row[], labels: readonly Row[], column: string): number {
  checkRowCount(predictions.length, labels.length);
  requireColumn(predictions, "query");
  requireColumn(predictions, "rankings");
  const rankings = new Map<string, readonly unknown[]>();
  predictions.forEach((row, i) => {
    const ranking = toList(row.rankings);
    if (ranking === undefined) {
      throw new InvalidSubmissionError(
        `row ${i + 1}, column 'rankings': ${describe(row.rankings)} is not a JSON list`,
      );
    }
    rankings.set(String(row.query), ranking);
  });
  const answers = new Map<string, unknown>();
  labels.forEach((row, i) => {
    answers.set(String(labelValue(row, i, "query")), labelValue(row, i, column));
  });
  return meanReciprocalRank(answers, rankings);
}

/**
 * Scores regret estimates against the exact regret. Per student: the Spearman correlation of the
 * submitted `score` with the true regret over the pool's levels, and the fraction of unsolvable
 * levels among the top 10% by score (ties at the cut count in expectation, as a random tie-break
 * would). `Spearman` (the metric) and `UnsolvableTopK` are the means over students. A score that
 * is not a finite number, or a constant score for a student, makes the submission invalid.
 */
import { InvalidSubmissionError, type Row } from "../../../evals/metrics/airs.js";
import { spearman } from "../../../evals/metrics/spearman.js";

/** The fraction of each student's levels a curriculum would pick. */
export const TOP_FRACTION = 0.1;

function parseScore(row: Row, index: number): number {
  const raw = row.score;
  const text = typeof raw === "string" ? raw.trim() : raw;
  const value =
    typeof text === "number" ? text : text === "" || text === undefined ? Number.NaN : Number(text);
  if (!Number.isFinite(value))
    throw new InvalidSubmissionError(`row ${index + 1}: score '${String(raw)}' is not a finite number`);
  return value;
}

/** Expected fraction of flagged items among the top k by score, ties at the cut split evenly. */
export function topKFraction(scores: readonly number[], flagged: readonly boolean[], k: number): number {
  const sorted = [...scores].sort((a, b) => b - a);
  const cut = sorted[k - 1]!;
  let above = 0;
  let aboveFlagged = 0;
  let tied = 0;
  let tiedFlagged = 0;
  scores.forEach((s, i) => {
    if (s > cut) {
      above += 1;
      if (flagged[i]) aboveFlagged += 1;
    } else if (s === cut) {
      tied += 1;
      if (flagged[i]) tiedFlagged += 1;
    }
  });
  return (aboveFlagged + ((k - above) * tiedFlagged) / tied) / k;
}

export function evaluate(predictions: readonly Row[], labels: readonly Row[]): Record<string, number> {
  if (predictions.length !== labels.length) {
    throw new InvalidSubmissionError(
      `submission has ${predictions.length} rows; the test split has ${labels.length}`,
    );
  }
  const scores = predictions.map(parseScore);
  const byStudent = new Map<string, number[]>();
  labels.forEach((row, i) => {
    const name = String(row.student);
    byStudent.set(name, [...(byStudent.get(name) ?? []), i]);
  });
  const result: Record<string, number> = {};
  let rho = 0;
  let unsolvable = 0;
  for (const [name, rows] of byStudent) {
    const own = rows.map((i) => scores[i]!);
    if (own.every((s) => s === own[0]))
      throw new InvalidSubmissionError(`every score for student '${name}' is the same; rank the levels`);
    const regret = rows.map((i) => Number(labels[i]!.regret));
    const flagged = rows.map((i) => Number(labels[i]!.solvable) !== 1);
    const k = Math.max(1, Math.ceil(TOP_FRACTION * rows.length));
    result[`Spearman_${name}`] = spearman(own, regret);
    result[`UnsolvableTopK_${name}`] = topKFraction(own, flagged, k);
    rho += result[`Spearman_${name}`]!;
    unsolvable += result[`UnsolvableTopK_${name}`]!;
  }
  return { Spearman: rho / byStudent.size, UnsolvableTopK: unsolvable / byStudent.size, ...result };
}

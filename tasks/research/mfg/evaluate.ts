/**
 * Scores a policy table by exact exploitability. For each test game the submitted policy induces
 * its population flow over the enumerated common-noise tree; backward induction gives the policy's
 * value and a best response's (which sees the noise so far, not the future); exploitability is the
 * best response's gain, Σ μ_0·(V* − V^π) ≥ 0, zero exactly at a mean-field Nash equilibrium. Each
 * game's exploitability is divided by the uniform policy's on that game (so the games weigh
 * equally) and the metric is the mean over games: 1 for the uniform policy, 0 at equilibrium.
 * A missing, repeated or unknown row, or probabilities that are not a distribution over the
 * game's actions, make the submission invalid. The code is ./kit/ (exploitability.ts, table.ts).
 */
import { InvalidSubmissionError, type Row } from "../../../evals/metrics/airs.js";
import { exploitability } from "./kit/exploitability.js";
import { makeGame } from "./kit/games.js";
import { PolicyTableError, policiesFromRows } from "./kit/table.js";

export interface GameScore {
  game: string;
  exploitability: number;
  uniform: number;
  relative: number;
}

/** Each test game's exact exploitability, raw and relative to the uniform policy. */
export function scoreGames(predictions: readonly Row[], labels: readonly Row[]): GameScore[] {
  const normaliser = new Map<string, number>();
  for (const row of labels) normaliser.set(String(row.game), Number(row.uniform_exploitability));
  const ids = [...normaliser.keys()];
  let tables: ReturnType<typeof policiesFromRows>;
  try {
    tables = policiesFromRows(ids, predictions);
  } catch (error) {
    if (error instanceof PolicyTableError) throw new InvalidSubmissionError(error.message);
    throw error;
  }
  return ids.map((id) => {
    const value = Math.max(0, exploitability(makeGame(id), tables.get(id)!).exploitability);
    const uniform = normaliser.get(id)!;
    return { game: id, exploitability: value, uniform, relative: value / uniform };
  });
}

export function evaluate(
  predictions: readonly Row[],
  labels: readonly Row[],
): { MeanRelativeExploitability: number } {
  const games = scoreGames(predictions, labels);
  return { MeanRelativeExploitability: games.reduce((sum, g) => sum + g.relative, 0) / games.length };
}

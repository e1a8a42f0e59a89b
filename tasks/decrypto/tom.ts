/**
 * Theory-of-mind scores, as in the Decrypto paper.
 * - Representational change / false belief (Gopnik & Astington): a turn counts only when Eve's
 *   keyword guess before the reveal (vanilla) is wrong. Weak passes: her answer is not the true
 *   keywords; strong passes: it equals her earlier (vanilla) answer; self–other consistency:
 *   rep_change equals false_belief. Rates per game, then averaged over games.
 * - Perspective taking (three mountains): Alice predicts Eve's guess; match rate, match rate on
 *   interception turns, and how often she predicts the true code (as if Eve knew the keywords).
 */
import { sameCode } from "./codes.js";
import type { Code, Guess } from "./types.js";

/**
 * The official `compare_kw_lists`: lower-cased and trimmed, "unknown" read as an empty answer,
 * all four equal. So "unknown" matches "unknown" (and an empty answer). A probe that never
 * parsed falls back to "no_keyword" ×4, an ordinary word there as here.
 */
export function sameKeywords(a: readonly string[], b: readonly string[]): boolean {
  const norm = (l: readonly string[]) =>
    l.map((w) => {
      const word = w.toLowerCase().trim();
      return word === "unknown" ? "" : word;
    });
  const x = norm(a);
  const y = norm(b);
  if (x.length !== 4 || y.length !== 4) return false;
  return x.every((w, i) => w === y[i]);
}

export interface KeywordProbeRecord {
  game: number;
  truth: readonly string[];
  vanilla: readonly string[];
  repChange: readonly string[];
  falseBelief: readonly string[];
}

export interface FalseBeliefScores {
  /** Turns where vanilla ≠ truth (the only ones scored). */
  countedTurns: number;
  weakRepresentationalChange: number;
  weakFalseBelief: number;
  strongRepresentationalChange: number;
  strongFalseBelief: number;
  selfOtherConsistency: number;
}

export function scoreFalseBelief(records: readonly KeywordProbeRecord[]): FalseBeliefScores {
  const byGame = new Map<number, KeywordProbeRecord[]>();
  for (const r of records) {
    if (sameKeywords(r.vanilla, r.truth)) continue;
    byGame.set(r.game, [...(byGame.get(r.game) ?? []), r]);
  }
  const games = [...byGame.values()];
  const rate = (pass: (r: KeywordProbeRecord) => boolean) =>
    games.length === 0
      ? 0
      : games.reduce((sum, g) => sum + g.filter(pass).length / g.length, 0) / games.length;
  return {
    countedTurns: games.reduce((n, g) => n + g.length, 0),
    weakRepresentationalChange: rate((r) => !sameKeywords(r.repChange, r.truth)),
    weakFalseBelief: rate((r) => !sameKeywords(r.falseBelief, r.truth)),
    strongRepresentationalChange: rate((r) => sameKeywords(r.repChange, r.vanilla)),
    strongFalseBelief: rate((r) => sameKeywords(r.falseBelief, r.vanilla)),
    selfOtherConsistency: rate((r) => sameKeywords(r.repChange, r.falseBelief)),
  };
}

export interface PredictionRecord {
  game: number;
  predicted: Guess;
  interceptorGuess: Guess;
  code: Code;
}

export interface PerspectiveScores {
  turns: number;
  /** Fraction of turns where Alice's prediction equals Eve's actual guess. */
  matchRate: number;
  /** The same, on the turns Eve intercepted (undefined-free: 0 when there were none). */
  matchRateOnInterceptions: number;
  interceptionTurns: number;
  /** Fraction of turns where Alice predicted the true code, as if Eve knew the keywords. */
  predictsCodeRate: number;
}

export function scorePerspectiveTaking(records: readonly PredictionRecord[]): PerspectiveScores {
  const frac = (rs: readonly PredictionRecord[], f: (r: PredictionRecord) => boolean) =>
    rs.length === 0 ? 0 : rs.filter(f).length / rs.length;
  const intercepted = records.filter((r) => sameCode(r.interceptorGuess, r.code));
  const match = (r: PredictionRecord) => sameCode(r.predicted, r.interceptorGuess);
  return {
    turns: records.length,
    matchRate: frac(records, match),
    matchRateOnInterceptions: frac(intercepted, match),
    interceptionTurns: intercepted.length,
    predictsCodeRate: frac(records, (r) => sameCode(r.predicted, r.code)),
  };
}

/** Per-match-up figures: mean ± standard error, end conditions. */
import { meanWithError } from "../../sdk/internal/stats.js";
import type { EndCondition, GameRecord } from "./types.js";

export interface MeanSem {
  mean: number;
  /** Standard error: across the per-seed means when there are several seeds, else across games. */
  sem: number;
}

export interface MatchupMetrics {
  games: number;
  /** Average turns per game: the headline figure (higher = the team lasted longer). */
  turns: MeanSem;
  interceptions: MeanSem;
  miscommunications: MeanSem;
  endConditions: Record<EndCondition, number>;
  /** Fraction of games the team survived all eight turns. */
  teamWinRate: number;
}

export function meanSem(values: readonly number[]): MeanSem {
  const { mean, stderr } = meanWithError(values);
  return { mean, sem: stderr };
}

/** `bySeed` groups the games of one seed; SEM is taken across those groups when there are >= 2. */
export function matchupMetrics(bySeed: readonly (readonly GameRecord[])[]): MatchupMetrics {
  const all = bySeed.flat();
  const stat = (f: (g: GameRecord) => number): MeanSem => {
    const overall = meanSem(all.map(f));
    if (bySeed.filter((g) => g.length > 0).length < 2) return overall;
    const seedMeans = bySeed.filter((g) => g.length > 0).map((g) => meanSem(g.map(f)).mean);
    return { mean: overall.mean, sem: meanSem(seedMeans).sem };
  };
  const endConditions: Record<EndCondition, number> = {
    miscommunication: 0,
    interception: 0,
    both: 0,
    survived: 0,
  };
  for (const g of all) endConditions[g.endCondition]++;
  return {
    games: all.length,
    turns: stat((g) => g.turns),
    interceptions: stat((g) => g.interceptions),
    miscommunications: stat((g) => g.miscommunications),
    endConditions,
    teamWinRate: all.length === 0 ? 0 : endConditions.survived / all.length,
  };
}

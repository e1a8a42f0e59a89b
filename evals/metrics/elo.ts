/**
 * AIRS-Bench's Elo, as the paper's notebook computes it: on each task every run of every agent
 * plays every run of every other agent, with SOTA as a player holding 10 copies of its score.
 * The better score wins; scores within numpy's `isclose` (atol 1e-6, rtol 1e-5) tie; an invalid
 * run (N/A) loses to any score and ties another N/A. Each battle is recorded in both
 * orientations, ratings are the Bradley–Terry MLE (scale 400, base 10, mean 1000), and the
 * reported rating and interval are the median and 2.5/97.5% quantiles over bootstrap resamples
 * of the battles (100 rounds).
 */
import { seededRandom } from "../../sdk/internal/random.js";
import { type BradleyTerryOptions, fitBradleyTerry } from "./bradley-terry.js";
import { quantileSorted } from "./quantile.js";

export interface EloTask {
  task: string;
  lowerIsBetter: boolean;
  /** Player → one score per run; null (or NaN) is an invalid run ("N/A"). Order matters only for ties. */
  runs: Readonly<Record<string, readonly (number | null)[]>>;
  /** The published SOTA score; joins as a player with `sotaCopies` runs. */
  sota?: number;
}

export interface EloOptions extends BradleyTerryOptions {
  tieTolerance?: number;
  tieRelativeTolerance?: number;
  sotaPlayer?: string;
  sotaCopies?: number;
  bootstrapRounds?: number;
  seed?: number;
}

export type Outcome = "a" | "b" | "tie";

/** Battles in both orientations, as parallel arrays; outcome 0 = a wins, 1 = b wins, 2 = tie. */
export interface Battles {
  players: string[];
  a: Int32Array;
  b: Int32Array;
  outcome: Uint8Array;
}

export interface EloRating {
  player: string;
  /** Median over bootstrap rounds (the paper's reported rating). */
  rating: number;
  ci: [number, number];
  /** The fit on all battles. */
  mle: number;
}

export interface EloResult {
  ratings: EloRating[];
  /** Battles counted once per orientation. */
  battles: number;
  converged: boolean;
}

const isNA = (score: number | null): score is null => score === null || Number.isNaN(score);

/** One game: N/A loses to a number, N/A vs N/A ties, `isclose` ties, else the better score wins. */
export function battleOutcome(
  a: number | null,
  b: number | null,
  lowerIsBetter: boolean,
  tolerance = 1e-6,
  relativeTolerance = 1e-5,
): Outcome {
  if (isNA(a) || isNA(b)) return isNA(a) && isNA(b) ? "tie" : isNA(a) ? "b" : "a";
  if (a === b || Math.abs(a - b) <= tolerance + relativeTolerance * Math.abs(b)) return "tie";
  return a < b === lowerIsBetter ? "a" : "b";
}

/** Every run against every run of every other player, per task, in both orientations. */
export function eloBattles(tasks: readonly EloTask[], options: EloOptions = {}): Battles {
  const { sotaPlayer = "sota", sotaCopies = 10, tieTolerance = 1e-6, tieRelativeTolerance = 1e-5 } = options;
  const players: string[] = [];
  const index = (name: string) => {
    const found = players.indexOf(name);
    return found >= 0 ? found : players.push(name) - 1;
  };
  const a: number[] = [];
  const b: number[] = [];
  const outcome: number[] = [];
  const code = { a: 0, b: 1, tie: 2 } as const;
  for (const task of tasks) {
    const entries = Object.entries(task.runs).map(([name, scores]) => [index(name), scores] as const);
    if (task.sota !== undefined) entries.push([index(sotaPlayer), new Array(sotaCopies).fill(task.sota)]);
    for (let i = 0; i < entries.length; i++) {
      for (let j = i + 1; j < entries.length; j++) {
        const [pi, si] = entries[i]!;
        const [pj, sj] = entries[j]!;
        for (const x of si) {
          for (const y of sj) {
            const result = battleOutcome(x, y, task.lowerIsBetter, tieTolerance, tieRelativeTolerance);
            a.push(pi, pj);
            b.push(pj, pi);
            outcome.push(code[result], result === "tie" ? 2 : 1 - code[result]);
          }
        }
      }
    }
  }
  return { players, a: Int32Array.from(a), b: Int32Array.from(b), outcome: Uint8Array.from(outcome) };
}

/** Each battle row's category, (a·p + b)·3 + outcome, so a resample is a histogram. */
function categories(battles: Battles): Int32Array {
  const p = battles.players.length;
  return battles.a.map((a, row) => (a * p + battles.b[row]!) * 3 + battles.outcome[row]!);
}

/** The win-weight matrix from category counts: a win weighs 2, a tie 1 for each side. */
function weightsFromCounts(counts: ArrayLike<number>, p: number): number[][] {
  const wins = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const base = (a * p + b) * 3;
      wins[a]![b]! += 2 * counts[base]! + counts[base + 2]!;
      wins[b]![a]! += 2 * counts[base + 1]! + counts[base + 2]!;
    }
  }
  return wins;
}

/** The win-weight matrix of all battles. */
export function winWeights(battles: Battles): number[][] {
  const p = battles.players.length;
  const counts = new Float64Array(p * p * 3);
  for (const category of categories(battles)) counts[category]!++;
  return weightsFromCounts(counts, p);
}

/** Fits ratings on one resample; players absent from it get NaN. */
function fitSample(wins: number[][], options: EloOptions): number[] {
  const present = wins.map((row, i) => row.some((w, j) => w > 0 || wins[j]![i]! > 0));
  const keep = present.flatMap((here, i) => (here ? [i] : []));
  const fit = fitBradleyTerry(
    keep.map((i) => keep.map((j) => wins[i]![j]!)),
    options,
  );
  const ratings = new Array<number>(wins.length).fill(Number.NaN);
  keep.forEach((player, k) => {
    ratings[player] = fit.ratings[k]!;
  });
  return ratings;
}

/** Elo ratings with bootstrap medians and 95% intervals, best first. */
export function eloRatings(tasks: readonly EloTask[], options: EloOptions = {}): EloResult {
  const battles = eloBattles(tasks, options);
  const full = fitBradleyTerry(winWeights(battles), options);
  const rounds = options.bootstrapRounds ?? 100;
  const random = seededRandom(options.seed ?? 42);
  const n = battles.a.length;
  const p = battles.players.length;
  const samples = battles.players.map(() => [] as number[]);
  const category = categories(battles);
  const counts = new Float64Array(p * p * 3);
  for (let r = 0; r < rounds; r++) {
    // Resampling the battle rows with replacement, as the notebook's `battles.sample(frac=1.0, replace=True)`.
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[category[Math.floor(random() * n)]!]!++;
    fitSample(weightsFromCounts(counts, p), options).forEach((rating, player) => {
      if (!Number.isNaN(rating)) samples[player]!.push(rating);
    });
  }
  const ratings = battles.players.map((player, k): EloRating => {
    const sorted = Float64Array.from(samples[k]!).sort();
    const mle = full.ratings[k]!;
    if (sorted.length === 0) return { player, rating: mle, ci: [mle, mle], mle };
    return {
      player,
      rating: quantileSorted(sorted, 0.5),
      ci: [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)],
      mle,
    };
  });
  ratings.sort((x, y) => y.rating - x.rating);
  return { ratings, battles: n / 2, converged: full.converged };
}

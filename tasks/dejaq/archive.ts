/**
 * The quality-diversity archive (MAP-Elites style). Cells are setting × difficulty, where
 * difficulty is the program's number of arithmetic steps (1, 2, 3, 4, 5+). Each cell holds at
 * most `capacity` problems; quality is learnability p(1 − p) for the current student.
 *
 * Learnability: p is the success rate of the latest G attempts (the student changes, so older
 * attempts say little). An estimate decays by `decay` per step since it was measured, so stale
 * problems drift down until they are measured again. A problem never attempted counts the
 * `prior` (0.25, the maximum: try it first).
 *
 * Replacement rule: a candidate goes to its cell. A cell with room takes it; a full cell takes
 * it only if its learnability beats the cell's lowest current learnability strictly, and that
 * entry leaves. Candidates under `minLearnability` (τ) are refused before that. Seeds skip τ.
 */
import { countSteps, type Problem, SETTINGS, type SettingId } from "./problem.js";

export const DIFFICULTY_BINS = [1, 2, 3, 4, 5] as const;

export interface EntryStats {
  /** Attempts and successes of the latest measurement. */
  attempts: number;
  successes: number;
  /** p(1 − p) at measurement, or the prior when never measured. */
  learnability: number;
  /** The step of the latest measurement (or of insertion). */
  lastUpdatedStep: number;
  measured: boolean;
  /** All attempts and successes over the run, for reports. */
  totalAttempts: number;
  totalSuccesses: number;
}

export interface ArchiveEntry {
  problem: Problem;
  stats: EntryStats;
  insertedStep: number;
}

export interface ArchiveOptions {
  capacity: number;
  /** Multiplier per step of staleness, in (0, 1]. */
  decay: number;
  /** Learnability a candidate needs to be considered (τ). */
  minLearnability: number;
  /** Added to every entry's weight when sampling, so nothing starves. */
  floor: number;
  prior: number;
}

export const DEFAULT_ARCHIVE_OPTIONS: ArchiveOptions = {
  capacity: 4,
  decay: 0.95,
  minLearnability: 0.01,
  floor: 0.02,
  prior: 0.25,
};

export type InsertOutcome =
  | { inserted: true; cell: string; replaced: string | null }
  | { inserted: false; cell: string; reason: string };

export function difficultyOf(problem: Problem): number {
  return Math.min(Math.max(countSteps(problem.program.expr), 1), 5);
}

export function cellKey(setting: SettingId, difficulty: number): string {
  return `${setting}/${difficulty}`;
}

export function cellOf(problem: Problem): string {
  return cellKey(problem.setting, difficultyOf(problem));
}

export function learnabilityOf(successes: number, attempts: number): number {
  if (attempts <= 0) return 0;
  const p = successes / attempts;
  return p * (1 - p);
}

export interface Archive {
  readonly options: ArchiveOptions;
  entries(): ArchiveEntry[];
  get(id: string): ArchiveEntry | undefined;
  /** An entry's learnability now, decayed for staleness. */
  current(entry: ArchiveEntry, step: number): number;
  /** Seeds go in without τ (but still by the replacement rule when their cell is full). */
  insert(
    problem: Problem,
    learnability: number | null,
    step: number,
    options?: { seed?: boolean },
  ): InsertOutcome;
  /** Records a fresh measurement of G attempts. */
  report(id: string, successes: number, attempts: number, step: number): void;
  /** B distinct entries, each drawn with weight current learnability + floor. */
  sampleBatch(size: number, step: number, random: () => number): ArchiveEntry[];
  coverage(): number;
  /** Σ current learnability over the measured entries (an unmeasured prior is not quality). */
  qdScore(step: number): number;
  toJSON(): ArchiveEntry[];
}

export function createArchive(
  options: Partial<ArchiveOptions> = {},
  initial: readonly ArchiveEntry[] = [],
): Archive {
  const opts: ArchiveOptions = { ...DEFAULT_ARCHIVE_OPTIONS, ...options };
  const cells = new Map<string, ArchiveEntry[]>();
  const byId = new Map<string, ArchiveEntry>();
  for (const entry of initial) {
    const key = cellOf(entry.problem);
    cells.set(key, [...(cells.get(key) ?? []), entry]);
    byId.set(entry.problem.id, entry);
  }

  const current = (entry: ArchiveEntry, step: number): number => {
    const age = Math.max(0, step - entry.stats.lastUpdatedStep);
    return entry.stats.learnability * opts.decay ** age;
  };

  const insert: Archive["insert"] = (problem, learnability, step, insertOptions = {}) => {
    const cell = cellOf(problem);
    if (byId.has(problem.id)) return { inserted: false, cell, reason: "duplicate id" };
    const value = learnability ?? opts.prior;
    if (!insertOptions.seed && value < opts.minLearnability) {
      return {
        inserted: false,
        cell,
        reason: `learnability ${value.toFixed(3)} below τ = ${opts.minLearnability}`,
      };
    }
    const members = cells.get(cell) ?? [];
    let replaced: string | null = null;
    if (members.length >= opts.capacity) {
      let worst = 0;
      members.forEach((member, index) => {
        if (current(member, step) < current(members[worst] as ArchiveEntry, step)) worst = index;
      });
      const loser = members[worst] as ArchiveEntry;
      if (value <= current(loser, step)) {
        return { inserted: false, cell, reason: "cell full and not better than its weakest" };
      }
      members.splice(worst, 1);
      byId.delete(loser.problem.id);
      replaced = loser.problem.id;
    }
    const entry: ArchiveEntry = {
      problem,
      insertedStep: step,
      stats: {
        attempts: 0,
        successes: 0,
        learnability: value,
        lastUpdatedStep: step,
        measured: learnability !== null,
        totalAttempts: 0,
        totalSuccesses: 0,
      },
    };
    members.push(entry);
    cells.set(cell, members);
    byId.set(problem.id, entry);
    return { inserted: true, cell, replaced };
  };

  const report: Archive["report"] = (id, successes, attempts, step) => {
    const entry = byId.get(id);
    if (!entry) return;
    entry.stats = {
      attempts,
      successes,
      learnability: learnabilityOf(successes, attempts),
      lastUpdatedStep: step,
      measured: true,
      totalAttempts: entry.stats.totalAttempts + attempts,
      totalSuccesses: entry.stats.totalSuccesses + successes,
    };
  };

  const sampleBatch: Archive["sampleBatch"] = (size, step, random) => {
    const pool = [...byId.values()];
    const weights = pool.map((entry) => current(entry, step) + opts.floor);
    const chosen: ArchiveEntry[] = [];
    while (chosen.length < size && pool.length > 0) {
      const total = weights.reduce((sum, w) => sum + w, 0);
      let target = random() * total;
      let index = 0;
      while (index < weights.length - 1 && target >= (weights[index] as number)) {
        target -= weights[index] as number;
        index++;
      }
      chosen.push(pool[index] as ArchiveEntry);
      pool.splice(index, 1);
      weights.splice(index, 1);
    }
    return chosen;
  };

  return {
    options: opts,
    entries: () => [...byId.values()],
    get: (id) => byId.get(id),
    current,
    insert,
    report,
    sampleBatch,
    coverage: () =>
      [...cells.values()].filter((m) => m.length > 0).length / (SETTINGS.length * DIFFICULTY_BINS.length),
    qdScore: (step) =>
      [...byId.values()].reduce((sum, entry) => sum + (entry.stats.measured ? current(entry, step) : 0), 0),
    toJSON: () => [...byId.values()].map((entry) => structuredClone(entry)),
  };
}

/**
 * Prioritised level replay's buffer, as jaxued's LevelSampler: a fixed-capacity buffer of levels
 * with scores; replay samples levels by P = (1 − ρ)·P_rank + ρ·P_staleness, with rank
 * prioritisation h = (1 / rank)^(1/β) and staleness (now − last sampled). A new level enters while
 * the buffer has room, else replaces the lowest-scored level when its score is higher.
 */
import type { Level } from "./maze.js";

export interface PlrConfig {
  capacity: number;
  replayProb: number;
  staleness: number;
  temperature: number;
  /** Replay starts once the buffer holds this fraction of its capacity. */
  minimumFill: number;
}

/** The official PLR settings, with the buffer scaled from 8,000 levels to the short run. */
export const PLR_DEFAULTS: PlrConfig = {
  capacity: 256,
  replayProb: 0.5,
  staleness: 0.3,
  temperature: 1,
  minimumFill: 0.5,
};

interface Entry {
  level: Level;
  score: number;
  maxReturn: number;
  lastSampled: number;
}

export interface LevelBuffer {
  readonly size: number;
  /** Whether this update should replay buffered levels (else: new random levels). */
  shouldReplay(random: () => number): boolean;
  /** Draws `count` buffer indices by the replay distribution, and marks them sampled. */
  sample(count: number, random: () => number): number[];
  level(index: number): Level;
  maxReturn(index: number): number;
  /** Sets a replayed level's score and best return. */
  update(index: number, score: number, maxReturn: number): void;
  insert(level: Level, score: number, maxReturn: number): void;
  /** The replay distribution (for tests and logs). */
  weights(): number[];
  scores(): number[];
}

export function createLevelBuffer(config: PlrConfig = PLR_DEFAULTS): LevelBuffer {
  const entries: Entry[] = [];
  let clock = 0;
  const weights = (): number[] => {
    const n = entries.length;
    if (n === 0) return [];
    const order = entries.map((_, i) => i).sort((a, b) => entries[b]!.score - entries[a]!.score);
    const rankWeights = new Array<number>(n).fill(0);
    order.forEach((i, rank) => {
      rankWeights[i] = (1 / (rank + 1)) ** (1 / config.temperature);
    });
    const rankSum = rankWeights.reduce((a, b) => a + b, 0);
    const stale = entries.map((e) => clock - e.lastSampled);
    const staleSum = stale.reduce((a, b) => a + b, 0);
    return entries.map(
      (_, i) =>
        (1 - config.staleness) * (rankWeights[i]! / rankSum) +
        config.staleness * (staleSum > 0 ? stale[i]! / staleSum : 1 / n),
    );
  };
  return {
    get size() {
      return entries.length;
    },
    shouldReplay(random) {
      return entries.length >= config.minimumFill * config.capacity && random() < config.replayProb;
    },
    sample(count, random) {
      const w = weights();
      const picks: number[] = [];
      for (let k = 0; k < count; k++) {
        let u = random();
        let i = 0;
        while (i < w.length - 1 && u >= w[i]!) u -= w[i++]!;
        picks.push(i);
      }
      clock += 1;
      for (const i of picks) entries[i]!.lastSampled = clock;
      return picks;
    },
    level: (index) => entries[index]!.level,
    maxReturn: (index) => entries[index]!.maxReturn,
    update(index, score, maxReturn) {
      const entry = entries[index]!;
      entry.score = score;
      entry.maxReturn = Math.max(entry.maxReturn, maxReturn);
    },
    insert(level, score, maxReturn) {
      if (!Number.isFinite(score)) return;
      const entry = { level, score, maxReturn, lastSampled: clock };
      if (entries.length < config.capacity) {
        entries.push(entry);
        return;
      }
      let worst = 0;
      entries.forEach((e, i) => {
        if (e.score < entries[worst]!.score) worst = i;
      });
      if (score > entries[worst]!.score) entries[worst] = entry;
    },
    weights,
    scores: () => entries.map((e) => e.score),
  };
}

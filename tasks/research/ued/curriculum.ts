/**
 * Training a student under a curriculum (Task B, and the frozen students of Task A): domain
 * randomisation (DR: fresh random levels every update) or prioritised level replay with one regret
 * score. Each update rolls out `envs` environments for `steps` steps, scores each level from its
 * rollout, updates the level buffer, then takes a PPO update on the rollout (PLR with exploratory
 * updates on new levels). Seeded: the same options give the same student.
 */
import { deriveSeed, seededRandom } from "../../../sdk/internal/random.js";
import type { TF } from "../../../sdk/numeric/index.js";
import { maxMc, maxReturn, mna, positiveValueLoss, type Trace } from "./kit/scores.js";
import { type Level, randomLevel } from "./maze.js";
import { createLevelBuffer, PLR_DEFAULTS, type PlrConfig } from "./plr.js";
import { initWeights, type Weights } from "./policy.js";
import { createLearner, PPO_DEFAULTS, type PpoConfig, toBatch } from "./ppo.js";
import { rollout, solveRate } from "./rollout.js";

export const SCORE_NAMES = ["random", "pvl", "maxmc", "mna"] as const;
export type ScoreName = (typeof SCORE_NAMES)[number];
export type Method = "dr" | ScoreName;

/** A level's score from its rollout; `bestReturn` is the best return ever seen on it. */
export function scoreTrace(name: ScoreName, trace: Trace, bestReturn: number, random: () => number): number {
  if (name === "random") return random();
  if (name === "pvl") return positiveValueLoss(trace);
  if (name === "maxmc") return maxMc(trace, bestReturn);
  return mna(trace, undefined, undefined, bestReturn);
}

export interface LevelSpec {
  size: number;
  walls: readonly [number, number];
  maxSteps: number;
}

export interface TrainOptions {
  tf: TF;
  method: Method;
  seed: number;
  updates: number;
  envs: number;
  steps: number;
  /** The random levels' kinds; each new level picks one uniformly. */
  levels: readonly LevelSpec[];
  hidden?: number;
  ppo?: Partial<PpoConfig>;
  plr?: Partial<PlrConfig>;
  /** Called after each update with its index (1-based) and the new weights. */
  onUpdate?: (update: number, weights: Weights) => void;
}

export interface TrainResult {
  weights: Weights;
  envSteps: number;
  replayUpdates: number;
}

export function trainStudent(options: TrainOptions): TrainResult {
  const random = seededRandom(deriveSeed(options.seed, "ued-train", options.method));
  const newLevel = (): Level => {
    const spec = options.levels[Math.floor(random() * options.levels.length)]!;
    return randomLevel(random, spec.size, spec.walls, spec.maxSteps);
  };
  let weights = initWeights(seededRandom(deriveSeed(options.seed, "ued-init")), options.hidden ?? 32);
  const learner = createLearner(options.tf, weights, { ...PPO_DEFAULTS, ...options.ppo });
  const buffer = createLevelBuffer({ ...PLR_DEFAULTS, ...options.plr });
  let replayUpdates = 0;
  try {
    for (let update = 1; update <= options.updates; update++) {
      const method = options.method;
      const replay = method !== "dr" && buffer.shouldReplay(random);
      const picks = replay ? buffer.sample(options.envs, random) : [];
      const levels = replay
        ? picks.map((i) => buffer.level(i))
        : Array.from({ length: options.envs }, newLevel);
      const rollouts = rollout(levels, weights, options.steps, random);
      if (method !== "dr") {
        rollouts.forEach((trace, e) => {
          const seen = replay ? buffer.maxReturn(picks[e]!) : 0;
          const best = Math.max(seen, maxReturn(trace));
          const score = scoreTrace(method, trace, best, random);
          if (replay) buffer.update(picks[e]!, score, best);
          else buffer.insert(levels[e]!, score, best);
        });
      }
      if (replay) replayUpdates += 1;
      learner.update(toBatch(rollouts), random);
      weights = learner.weights();
      options.onUpdate?.(update, weights);
    }
  } finally {
    learner.dispose();
  }
  return { weights, envSteps: options.updates * options.envs * options.steps, replayUpdates };
}

/** Mean zero-shot solve rate over levels, `attempts` episodes each (the official uses 10). */
export function meanSolveRate(
  levels: readonly Level[],
  weights: Weights,
  attempts: number,
  seed: number,
): { mean: number; perLevel: number[] } {
  const random = seededRandom(deriveSeed(seed, "ued-eval"));
  const perLevel = levels.map((level) => solveRate(level, weights, attempts, random));
  return { mean: perLevel.reduce((a, b) => a + b, 0) / Math.max(perLevel.length, 1), perLevel };
}

/**
 * DEGen-lite: dynamic environment generation as `maze_obs_gen.py` runs it, scaled down. A level
 * starts unobserved with the student at a random pose (its cell empty). At every global step, if
 * the student's 5×5 view holds an ungenerated cell the generator picks one and its type (empty,
 * wall, or goal while none is placed), else the student acts. Each student step's MNA_t, gated by
 * 1[mean return > 0], is the generator's reward at the generator step just before it (dense
 * credit, reward_mix = 1). Both agents learn by PPO. Budgets count student steps only.
 */
import { deriveSeed, seededRandom } from "../../../sdk/internal/random.js";
import type { TF } from "../../../sdk/numeric/index.js";
import {
  CELLS,
  createGenLearner,
  GEN_OBS,
  type GenBatch,
  type GenWeights,
  generatorForward,
  initGenerator,
  TYPES,
} from "./generator.js";
import { clippedGae, episodeStats, gae } from "./kit/scores.js";
import { ACTIONS, goalReward, type Level, move, OBS_SIZE, observe, type Pose, viewCells } from "./maze.js";
import { forward, initWeights, sample, scratch, softmax, type Weights } from "./policy.js";
import { createLearner, PPO_DEFAULTS, toBatch } from "./ppo.js";
import type { EnvRollout } from "./rollout.js";

/** A category drawn from probabilities with one uniform number (zero-probability ones never). */
function draw(probs: ArrayLike<number>, u: number): number {
  let last = 0;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i]! <= 0) continue;
    last = i;
    u -= probs[i]!;
    if (u < 0) return i;
  }
  return last;
}

interface LazyLevel {
  level: Level;
  known: Uint8Array;
  pose: Pose;
  time: number;
}

function freshLevel(random: () => number, size: number, maxSteps: number): LazyLevel {
  const start = Math.floor(random() * size * size);
  const startDir = Math.floor(random() * 4);
  const known = new Uint8Array(size * size);
  known[start] = 1;
  const level: Level = {
    width: size,
    height: size,
    walls: new Uint8Array(size * size),
    goal: -1,
    start,
    startDir,
    maxSteps,
  };
  return { level, known, pose: { cell: start, dir: startDir }, time: 0 };
}

export interface GenStep {
  obs: Float32Array;
  locMask: Uint8Array;
  goalAllowed: boolean;
  loc: number;
  type: number;
  logProb: number;
  value: number;
  reward: number;
  done: number;
}

/** The generator's observation: unknown / wall / goal channels of the view, then goal flag, student value, progress. */
function generatorObs(lazy: LazyLevel, cells: Int32Array, studentValue: number): Float32Array {
  const obs = new Float32Array(GEN_OBS);
  cells.forEach((cell, i) => {
    if (cell < 0) obs[CELLS + i] = 1;
    else if (lazy.known[cell] !== 1) obs[i] = 1;
    else if (lazy.level.walls[cell] === 1) obs[CELLS + i] = 1;
    else if (cell === lazy.level.goal) obs[2 * CELLS + i] = 1;
  });
  obs[3 * CELLS] = lazy.level.goal >= 0 ? 1 : 0;
  obs[3 * CELLS + 1] = studentValue;
  obs[3 * CELLS + 2] = lazy.time / lazy.level.maxSteps;
  return obs;
}

/** One environment's interleaved rollout until `steps` student steps. */
export function degenRollout(
  student: Weights,
  generator: GenWeights,
  steps: number,
  size: number,
  maxSteps: number,
  random: () => number,
): { student: EnvRollout; gen: GenStep[] } {
  const s = scratch(student.hidden);
  const probs = new Float64Array(ACTIONS);
  const view = new Float32Array(OBS_SIZE);
  const obsAll = new Float32Array(steps * OBS_SIZE);
  const rewards: number[] = [];
  const values: number[] = [];
  const dones: number[] = [];
  const actions: number[] = [];
  const logProbs: number[] = [];
  const gen: GenStep[] = [];
  const creditTo: number[] = [];
  let lazy = freshLevel(random, size, maxSteps);
  while (actions.length < steps) {
    const cells = viewCells(lazy.level, lazy.pose);
    const locMask = Uint8Array.from(cells, (cell) => (cell >= 0 && lazy.known[cell] !== 1 ? 1 : 0));
    if (locMask.some((m) => m === 1)) {
      const value = forward(student, observe(lazy.level, lazy.pose, view), s)[ACTIONS]!;
      const obs = generatorObs(lazy, cells, value);
      const goalAllowed = lazy.level.goal < 0;
      const p = generatorForward(generator, obs, locMask, goalAllowed);
      const loc = draw(p.loc, random());
      const type = draw(p.type, random());
      const cell = cells[loc]!;
      lazy.known[cell] = 1;
      if (type === 1) lazy.level.walls[cell] = 1;
      if (type === 2) lazy.level.goal = cell;
      const logProb = Math.log(Math.max(p.loc[loc]! * p.type[type]!, 1e-30));
      gen.push({ obs, locMask, goalAllowed, loc, type, logProb, value: p.value, reward: 0, done: 0 });
      continue;
    }
    const t = actions.length;
    const obs = obsAll.subarray(t * OBS_SIZE, (t + 1) * OBS_SIZE);
    observe(lazy.level, lazy.pose, obs);
    const f = forward(student, obs, s);
    softmax(f, probs);
    const action = sample(probs, random());
    values.push(f[ACTIONS]!);
    actions.push(action);
    logProbs.push(Math.log(Math.max(probs[action]!, 1e-30)));
    const moved = move(lazy.level, lazy.pose, action);
    lazy.time += 1;
    const done = moved.goal || lazy.time >= maxSteps;
    rewards.push(moved.goal ? goalReward(lazy.time, maxSteps) : 0);
    dones.push(done ? 1 : 0);
    creditTo.push(gen.length - 1);
    lazy.pose = moved.pose;
    if (done) {
      if (gen.length > 0) gen[gen.length - 1]!.done = 1;
      lazy = freshLevel(random, size, maxSteps);
    }
  }
  const lastValue = forward(student, observe(lazy.level, lazy.pose, view), s)[ACTIONS]!;
  const out: EnvRollout = { obs: obsAll, rewards, values, dones, lastValue, actions, logProbs };
  // Dense credit: each student step's gated MNA goes to the generator step just before it.
  const solved = episodeStats(dones, rewards, false).mean > 0 ? 1 : 0;
  clippedGae(out).forEach((a, t) => {
    const k = creditTo[t]!;
    if (k >= 0) gen[k]!.reward += solved * -Math.min(a, 0);
  });
  return { student: out, gen };
}

function genBatch(perEnv: readonly GenStep[][]): GenBatch {
  const steps = perEnv.flat();
  const n = steps.length;
  const batch: GenBatch = {
    obs: new Float32Array(n * GEN_OBS),
    locMask: new Float32Array(n * CELLS),
    typeMask: new Float32Array(n * TYPES),
    loc: new Int32Array(n),
    type: new Int32Array(n),
    logProbs: new Float32Array(n),
    values: new Float32Array(n),
    advantages: new Float32Array(n),
    targets: new Float32Array(n),
  };
  let i = 0;
  for (const env of perEnv) {
    const adv = gae(
      {
        rewards: env.map((g) => g.reward),
        values: env.map((g) => g.value),
        dones: env.map((g) => g.done),
        lastValue: 0,
      },
      0.99,
      0.95,
    );
    env.forEach((g, k) => {
      batch.obs.set(g.obs, i * GEN_OBS);
      batch.locMask.set(g.locMask, i * CELLS);
      batch.typeMask.set([1, 1, g.goalAllowed ? 1 : 0], i * TYPES);
      batch.loc[i] = g.loc;
      batch.type[i] = g.type;
      batch.logProbs[i] = g.logProb;
      batch.values[i] = g.value;
      batch.advantages[i] = adv[k]!;
      batch.targets[i] = adv[k]! + g.value;
      i += 1;
    });
  }
  return batch;
}

export interface DegenOptions {
  tf: TF;
  seed: number;
  updates: number;
  envs: number;
  steps: number;
  size: number;
  maxSteps: number;
  hidden?: number;
}

/** Trains a student with DEGen-lite; returns the student and how many generator steps it took. */
export function trainDegen(options: DegenOptions): {
  weights: Weights;
  envSteps: number;
  generatorSteps: number;
} {
  const random = seededRandom(deriveSeed(options.seed, "ued-train", "degen"));
  let student = initWeights(seededRandom(deriveSeed(options.seed, "ued-init")), options.hidden ?? 32);
  let generator = initGenerator(seededRandom(deriveSeed(options.seed, "ued-generator")));
  const learner = createLearner(options.tf, student, PPO_DEFAULTS);
  const genLearner = createGenLearner(options.tf, generator);
  let generatorSteps = 0;
  try {
    for (let update = 0; update < options.updates; update++) {
      const envs = Array.from({ length: options.envs }, () =>
        degenRollout(student, generator, options.steps, options.size, options.maxSteps, random),
      );
      generatorSteps += envs.reduce((sum, e) => sum + e.gen.length, 0);
      learner.update(toBatch(envs.map((e) => e.student)), random);
      genLearner.update(genBatch(envs.map((e) => e.gen)));
      student = learner.weights();
      generator = genLearner.weights();
    }
  } finally {
    learner.dispose();
    genLearner.dispose();
  }
  return { weights: student, envSteps: options.updates * options.envs * options.steps, generatorSteps };
}

/**
 * Task A's data: a pool of random 9×9 and 13×13 mazes, and for each frozen student (students.json)
 * and level one rollout of ROLLOUT_STEPS steps with the level replayed after each episode, as PLR
 * scores a level. Rows carry the trace only (rewards, values, dones, log-probabilities, the
 * bootstrap value), never the level's layout. Labels: the student's exact regret on the level,
 * V*(BFS) − U(π) (backward induction), and whether the level is solvable at all.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { deriveSeed, seededRandom } from "../../../sdk/internal/random.js";
import type { AirsSplits, Row } from "../../airs/format.js";
import type { LevelSpec } from "./curriculum.js";
import { LEVEL_9, LEVEL_13 } from "./levels.js";
import { type Level, randomLevel } from "./maze.js";
import { expectedReturn, optimalReturn } from "./oracle.js";
import { type Weights, weightsFromJson } from "./policy.js";
import { posePolicy, rollout } from "./rollout.js";

/** The rollout length per (student, level): jaxued's PLR rollout (num_steps = 256). */
export const ROLLOUT_STEPS = 256;
/** Levels per split, half 9×9 and half 13×13; each is scored for every student. */
export const LEVELS = { train: 80, validation: 40, test: 160 } as const;

export interface Student {
  name: string;
  weights: Weights;
}

let cached: Student[] | undefined;

/** The shipped frozen students (train-students.ts writes them). */
export function students(): Student[] {
  if (cached !== undefined) return cached;
  const file = fileURLToPath(new URL("./students.json", import.meta.url));
  const json = JSON.parse(readFileSync(file, "utf8")) as {
    students: { name: string; weights: Parameters<typeof weightsFromJson>[0] }[];
  };
  cached = json.students.map((s) => ({ name: s.name, weights: weightsFromJson(s.weights) }));
  return cached;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The pool's i-th level of a split: even indices 9×9, odd 13×13. */
export function poolLevel(seed: number, split: string, index: number): Level {
  const spec: LevelSpec = index % 2 === 0 ? LEVEL_9 : LEVEL_13;
  return randomLevel(
    seededRandom(deriveSeed(seed, "ued-level", split, index)),
    spec.size,
    spec.walls,
    spec.maxSteps,
  );
}

/** One labelled row: a student's rollout on a level, with its exact regret. */
export function traceRow(seed: number, split: string, index: number, level: Level, student: Student): Row {
  const random = seededRandom(deriveSeed(seed, "ued-rollout", split, index, student.name));
  const [trace] = rollout([level], student.weights, ROLLOUT_STEPS, random);
  const best = optimalReturn(level);
  const expected = best > 0 ? expectedReturn(level, posePolicy(level, student.weights)) : 0;
  return {
    id: `${split}-${index}-${student.name}`,
    level: index,
    student: student.name,
    size: level.width,
    max_steps: level.maxSteps,
    rewards: trace!.rewards.map((r) => round(r, 6)),
    values: trace!.values.map((v) => round(v, 5)),
    dones: trace!.dones,
    log_probs: trace!.logProbs.map((l) => round(l, 4)),
    last_value: round(trace!.lastValue, 5),
    regret: round(best - expected, 6),
    optimal_return: round(best, 6),
    expected_return: round(expected, 6),
    solvable: best > 0 ? 1 : 0,
  };
}

function split(seed: number, name: string, count: number): Row[] {
  const all = students();
  const rows: Row[] = [];
  for (let index = 0; index < count; index++) {
    const level = poolLevel(seed, name, index);
    for (const student of all) rows.push(traceRow(seed, name, index, level, student));
  }
  return rows;
}

const LABELS = ["regret", "optimal_return", "expected_return", "solvable"] as const;

export function generate(seed: number): AirsSplits {
  const testWithLabels = split(seed, "test", LEVELS.test);
  return {
    train: split(seed, "train", LEVELS.train),
    validation: split(seed, "validation", LEVELS.validation),
    test: testWithLabels.map((row) => {
      const inputs = { ...row };
      for (const label of LABELS) delete inputs[label];
      return inputs;
    }),
    testWithLabels,
  };
}

/**
 * Rollouts of the student, one level per environment, as jaxued's AutoReplayWrapper runs them:
 * every environment starts at its level's start pose, and when an episode ends (goal or time) the
 * same level starts again, until the rollout's fixed length. Actions are sampled from the policy.
 */
import type { Trace } from "./kit/scores.js";
import { ACTIONS, goalReward, type Level, move, OBS_SIZE, observe, type Pose } from "./maze.js";
import { forward, sample, scratch, softmax, type Weights } from "./policy.js";

/** One environment's rollout: a score trace plus what the PPO update needs. */
export interface EnvRollout extends Trace {
  /** steps × OBS_SIZE observations. */
  obs: Float32Array;
  actions: number[];
  logProbs: number[];
}

/** Rolls out `steps` steps on each level (environment i plays levels[i]). */
export function rollout(
  levels: readonly Level[],
  weights: Weights,
  steps: number,
  random: () => number,
): EnvRollout[] {
  const s = scratch(weights.hidden);
  const probs = new Float64Array(ACTIONS);
  return levels.map((level) => {
    const obs = new Float32Array(steps * OBS_SIZE);
    const rewards: number[] = [];
    const values: number[] = [];
    const dones: number[] = [];
    const actions: number[] = [];
    const logProbs: number[] = [];
    let pose: Pose = { cell: level.start, dir: level.startDir };
    let time = 0;
    for (let t = 0; t < steps; t++) {
      const view = obs.subarray(t * OBS_SIZE, (t + 1) * OBS_SIZE);
      observe(level, pose, view);
      const out = forward(weights, view, s);
      softmax(out, probs);
      const action = sample(probs, random());
      values.push(out[ACTIONS]!);
      actions.push(action);
      logProbs.push(Math.log(Math.max(probs[action]!, 1e-30)));
      const moved = move(level, pose, action);
      time += 1;
      const done = moved.goal || time >= level.maxSteps;
      rewards.push(moved.goal ? goalReward(time, level.maxSteps) : 0);
      dones.push(done ? 1 : 0);
      pose = done ? { cell: level.start, dir: level.startDir } : moved.pose;
      if (done) time = 0;
    }
    const last = forward(weights, observe(level, pose), s)[ACTIONS]!;
    return { obs, rewards, values, dones, lastValue: last, actions, logProbs };
  });
}

/** The policy's action probabilities for a pose (for exact evaluation). */
export function posePolicy(level: Level, weights: Weights): (pose: Pose) => Float64Array {
  const s = scratch(weights.hidden);
  const view = new Float32Array(OBS_SIZE);
  return (pose) => softmax(forward(weights, observe(level, pose, view), s));
}

/** Episodes solved and played over `attempts` fresh episodes on a level (the zero-shot solve rate). */
export function solveRate(level: Level, weights: Weights, attempts: number, random: () => number): number {
  const policy = posePolicy(level, weights);
  let solved = 0;
  for (let k = 0; k < attempts; k++) {
    let pose: Pose = { cell: level.start, dir: level.startDir };
    for (let t = 0; t < level.maxSteps; t++) {
      const moved = move(level, pose, sample(policy(pose), random()));
      if (moved.goal) {
        solved += 1;
        break;
      }
      pose = moved.pose;
    }
  }
  return solved / attempts;
}

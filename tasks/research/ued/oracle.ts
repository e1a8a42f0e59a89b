/**
 * Exact yardsticks: the optimal return of a level by breadth-first search over (cell, facing), and
 * the exact expected return of a memoryless stochastic policy by backward induction over
 * (step, cell, facing). Their difference is the student's true regret on the level.
 */
import { ACTIONS, goalReward, type Level, move, type Pose } from "./maze.js";

/** The fewest actions from the start to the goal; Infinity when the goal cannot be reached. */
export function shortestPath(level: Level): number {
  if (level.goal < 0) return Number.POSITIVE_INFINITY;
  const dist = new Int32Array(level.walls.length * 4).fill(-1);
  const startKey = level.start * 4 + level.startDir;
  dist[startKey] = 0;
  const queue = [startKey];
  for (let head = 0; head < queue.length; head++) {
    const key = queue[head]!;
    const pose: Pose = { cell: key >> 2, dir: key & 3 };
    for (let action = 0; action < ACTIONS; action++) {
      const next = move(level, pose, action);
      if (next.goal) return dist[key]! + 1;
      const nextKey = next.pose.cell * 4 + next.pose.dir;
      if (dist[nextKey] !== -1) continue;
      dist[nextKey] = dist[key]! + 1;
      queue.push(nextKey);
    }
  }
  return Number.POSITIVE_INFINITY;
}

/** The optimal episodic return: 1 − 0.9·d* / maxSteps, 0 when the goal is unreachable in time. */
export function optimalReturn(level: Level): number {
  const steps = shortestPath(level);
  return steps <= level.maxSteps ? goalReward(steps, level.maxSteps) : 0;
}

/** A memoryless policy: action probabilities for a pose on the level. */
export type PosePolicy = (pose: Pose) => ArrayLike<number>;

/** The poses reachable from the start (stepping on the goal ends the episode), as state keys cell·4 + dir. */
function reachable(level: Level): number[] {
  const seen = new Uint8Array(level.walls.length * 4);
  const startKey = level.start * 4 + level.startDir;
  seen[startKey] = 1;
  const keys = [startKey];
  for (let head = 0; head < keys.length; head++) {
    const key = keys[head]!;
    for (let action = 0; action < ACTIONS; action++) {
      const moved = move(level, { cell: key >> 2, dir: key & 3 }, action);
      const next = moved.pose.cell * 4 + moved.pose.dir;
      if (moved.goal || seen[next] === 1) continue;
      seen[next] = 1;
      keys.push(next);
    }
  }
  return keys;
}

/**
 * The policy's exact expected (undiscounted) episodic return from the level's start pose: U_t(s) =
 * Σ_a π(a|s) [goal ? reward(t+1) : U_(t+1)(s')], U_maxSteps = 0, over the reachable poses. Exact
 * because the observation, and so the policy, is a function of the pose alone.
 */
export function expectedReturn(level: Level, policy: PosePolicy): number {
  const keys = reachable(level);
  const index = new Map(keys.map((key, i) => [key, i]));
  const n = keys.length;
  const probs = new Float64Array(n * ACTIONS);
  /** The successor's compact index, or −1 when the action reaches the goal. */
  const next = new Int32Array(n * ACTIONS);
  keys.forEach((key, i) => {
    const pose = { cell: key >> 2, dir: key & 3 };
    probs.set(Array.from(policy(pose)).slice(0, ACTIONS), i * ACTIONS);
    for (let action = 0; action < ACTIONS; action++) {
      const moved = move(level, pose, action);
      next[i * ACTIONS + action] = moved.goal ? -1 : index.get(moved.pose.cell * 4 + moved.pose.dir)!;
    }
  });
  let later = new Float64Array(n);
  let now = new Float64Array(n);
  for (let t = level.maxSteps - 1; t >= 0; t--) {
    const reward = goalReward(t + 1, level.maxSteps);
    for (let i = 0; i < n; i++) {
      let value = 0;
      for (let a = 0; a < ACTIONS; a++) {
        const j = next[i * ACTIONS + a]!;
        value += probs[i * ACTIONS + a]! * (j < 0 ? reward : later[j]!);
      }
      now[i] = value;
    }
    [later, now] = [now, later];
  }
  return later[0]!;
}

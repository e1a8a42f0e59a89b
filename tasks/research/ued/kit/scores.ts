/**
 * Regret approximations over one rollout of a student on one level, as the official DEGen/jaxued
 * code computes them (`utils.py`, `maze_plr.py: compute_score`, `compute_clipped_gae`). A trace is
 * one environment's rollout of fixed length: the level is replayed when an episode ends, so a
 * trace may hold several episodes. `dones[t]` is 1 when the episode ended with step t's transition;
 * `lastValue` is the critic's value after the last step (the bootstrap).
 */

export interface Trace {
  rewards: readonly number[];
  values: readonly number[];
  dones: readonly number[];
  lastValue: number;
}

/** The student's discount and GAE λ (the official Minigrid student's). */
export const GAMMA = 0.995;
export const LAMBDA = 0.95;

/** One-step TD errors δ_t = r_t + γ V(s_{t+1}) (1 − d_t) − V(s_t), bootstrapping with lastValue. */
export function tdErrors(trace: Trace, gamma = GAMMA): number[] {
  const { rewards, values, dones } = trace;
  return values.map((value, t) => {
    const next = t + 1 < values.length ? values[t + 1]! : trace.lastValue;
    return rewards[t]! + gamma * next * (1 - dones[t]!) - value;
  });
}

/** Generalised advantage estimates Â_t = δ_t + γλ(1 − d_t) Â_{t+1} (`compute_gae`). */
export function gae(trace: Trace, gamma = GAMMA, lambda = LAMBDA): number[] {
  const deltas = tdErrors(trace, gamma);
  const advantages = new Array<number>(deltas.length).fill(0);
  let running = 0;
  for (let t = deltas.length - 1; t >= 0; t--) {
    running = deltas[t]! + gamma * lambda * (1 - trace.dones[t]!) * running;
    advantages[t] = running;
  }
  return advantages;
}

/**
 * MNA's clipped advantages (`compute_clipped_gae(use_max_value=True)`): from each start t, the
 * running-max-baseline advantage D^(n) = min(0, D^(n−1) + γ^(n−1) δ_(t+n−1)) over the n steps to
 * the episode's (or rollout's) end N, mixed as (1−λ) Σ λ^(n−1) D^(n) + λ^N D^(N). Every value ≤ 0.
 */
export function clippedGae(trace: Trace, gamma = GAMMA, lambda = LAMBDA): number[] {
  const deltas = tdErrors(trace, gamma);
  const steps = deltas.length;
  return deltas.map((_, start) => {
    let d = 0;
    let mixed = 0;
    let discount = 1;
    let weight = 1;
    for (let k = start; k < steps; k++) {
      d = Math.min(0, d + discount * deltas[k]!);
      mixed += weight * d;
      discount *= gamma;
      weight *= lambda;
      if (trace.dones[k] === 1) return (1 - lambda) * mixed + weight * d;
    }
    return (1 - lambda) * mixed + weight * d;
  });
}

/**
 * Per-episode statistics over the completed episodes (`accumulate_rollout_stats`): each episode's
 * sum (or time average) of `metric`, then their mean and their max (the max starts at 0), and the
 * count. The steps of an episode still running at the rollout's end are left out.
 */
export function episodeStats(
  dones: readonly number[],
  metric: readonly number[],
  timeAverage: boolean,
): { mean: number; max: number; episodes: number } {
  let sum = 0;
  let max = 0;
  let accum = 0;
  let count = 0;
  let episodes = 0;
  dones.forEach((done, t) => {
    accum += metric[t]!;
    count += 1;
    if (done !== 1) return;
    const value = timeAverage ? accum / count : accum;
    sum += value;
    max = Math.max(max, value);
    episodes += 1;
    accum = 0;
    count = 0;
  });
  return { mean: sum / Math.max(episodes, 1), max, episodes };
}

/** The best return of a completed episode in the rollout, 0 if none (`compute_max_returns`). */
export function maxReturn(trace: Trace): number {
  return episodeStats(trace.dones, trace.rewards, false).max;
}

/** Positive value loss: per-episode mean of max(0, Â_t), averaged over episodes; −∞ with no complete episode. */
export function positiveValueLoss(trace: Trace, gamma = GAMMA, lambda = LAMBDA): number {
  const positive = gae(trace, gamma, lambda).map((a) => Math.max(a, 0));
  const { mean, episodes } = episodeStats(trace.dones, positive, true);
  return episodes > 0 ? mean : Number.NEGATIVE_INFINITY;
}

/** MaxMC: per-episode mean of R_max − V(s_t), averaged over episodes; R_max the best return seen. */
export function maxMc(trace: Trace, bestReturn = maxReturn(trace)): number {
  const gaps = trace.values.map((value) => bestReturn - value);
  const { mean, episodes } = episodeStats(trace.dones, gaps, true);
  return episodes > 0 ? mean : Number.NEGATIVE_INFINITY;
}

/**
 * Maximised negative advantage: Σ_t −min(Ã_t, 0) over the clipped advantages, times the
 * solvability gate 1[R_max > 0] (`negative_value_loss_solved_sum`): 0 on a level never solved.
 */
export function mna(trace: Trace, gamma = GAMMA, lambda = LAMBDA, bestReturn = maxReturn(trace)): number {
  if (!(bestReturn > 0)) return 0;
  return clippedGae(trace, gamma, lambda).reduce((sum, a) => sum - Math.min(a, 0), 0);
}

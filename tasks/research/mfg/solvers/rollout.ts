/**
 * A network policy's rollout over every noise path of a batch of same-shaped games: the frozen
 * population flow (μ, kernels, rewards) and the observation sequences, computed outside the
 * gradient tape (that is the stop-gradient: nothing here is differentiated).
 */
import { type NoisePath, noisePaths, type PolicyTable, pushForward } from "../kit/flow.js";
import { type Game, populationMean } from "../kit/games.js";
import type { Carry, PolicyNet } from "./networks.js";
import type { PathRollout } from "./structural-gradient.js";

type TF = typeof import("@tensorflow/tfjs");

export interface BatchRollout {
  paths: (PathRollout & { noise: NoisePath })[];
  /** Observations [B][T][O], the sequence the gradient pass replays. */
  obs: number[][][];
}

/** Rolls the network out on every path of `games` (all of one kind and size). */
export function rolloutBatch(tf: TF, net: PolicyNet, games: readonly Game[]): BatchRollout {
  const entries = games.flatMap((game) => noisePaths(game).map((noise) => ({ game, noise })));
  const first = games[0];
  if (first === undefined) throw new RangeError("rolloutBatch needs at least one game");
  const T = first.horizon;
  const S = first.nStates;
  const A = first.actions.length;
  const paths = entries.map(({ game, noise }) => ({
    game,
    noise,
    weight: noise.prob,
    mu: [game.mu0] as Float64Array[],
    probs: [] as Float64Array[],
    kernels: [] as PathRollout["kernels"],
    rewards: [] as Float64Array[],
  }));
  const obs: number[][][] = paths.map(() => []);
  let carry: Carry;
  for (let t = 0; t < T; t++) {
    const rows = paths.map((p, b) => {
      const row = p.game.observe(t, p.game.nodes[t]?.[p.noise.nodes[t]!]?.z ?? 0, populationMean(p.mu[t]!));
      obs[b]!.push(row);
      return row;
    });
    const previous = carry;
    const out = tf.tidy(() => {
      const step = net.step(tf.tensor2d(rows), t, previous);
      return { probs: tf.softmax(step.logits), carry: step.carry };
    });
    previous?.dispose();
    carry = out.carry;
    const flat = out.probs.dataSync();
    out.probs.dispose();
    paths.forEach((p, b) => {
      const probs = Float64Array.from(flat.subarray(b * S * A, (b + 1) * S * A));
      const here = p.game.nodes[t]?.[p.noise.nodes[t]!];
      const next = p.game.nodes[t + 1]?.[p.noise.nodes[t + 1]!];
      const kernel = p.game.kernel(t, here?.z ?? 0, next?.z ?? 0);
      const muNext = pushForward(p.mu[t]!, probs, kernel, A);
      p.probs.push(probs);
      p.kernels.push(kernel);
      p.rewards.push(p.game.rewards(t, here?.z ?? 0, next?.z ?? 0, populationMean(muNext)));
      p.mu.push(muNext);
    });
  }
  carry?.dispose();
  return { paths, obs };
}

/** The rolled-out policy as one table per game (a shared node takes its first path's π). */
export function tablesOf(rollout: BatchRollout): Map<string, PolicyTable> {
  const tables = new Map<string, PolicyTable>();
  for (const p of rollout.paths) {
    const table = tables.get(p.game.id) ?? p.game.nodes.slice(0, p.game.horizon).map(() => []);
    p.probs.forEach((probs, t) => {
      const node = p.noise.nodes[t]!;
      table[t]![node] ??= probs;
    });
    tables.set(p.game.id, table);
  }
  return tables;
}

/**
 * The population flow a policy induces: the push-forward μ_{t+1}(s') = Σ_s Σ_a μ_t(s)·π_t(a|s)·
 * P_t(s'|s, a), node by node down the common-noise tree, with each edge's kernel and reward
 * matrix (the population is frozen once computed: a deviating agent does not move it).
 */
import { type Game, type Kernel, populationMean } from "./games.js";

/** A policy as a table: probs[t][node] holds π_t(a|s) at s·A + a, for t = 0..horizon − 1. */
export type PolicyTable = Float64Array[][];

export interface Flow {
  /** mu[t][node] for t = 0..horizon. */
  mu: Float64Array[][];
  /** The public observation at each node, o_t = O(μ_t, z_t). */
  obs: number[][][];
  /** kernels[t][c]: the kernel of the edge into node c at t + 1 (each node has one parent). */
  kernels: Kernel[][];
  /** rewards[t][c]: R_t(s, a) on the edge into node c at t + 1. */
  rewards: Float64Array[][];
}

/** The next distribution: μ pushed through the policy and one edge's kernel. */
export function pushForward(
  mu: Float64Array,
  probs: Float64Array,
  kernel: Kernel,
  nActions: number,
): Float64Array {
  const next = new Float64Array(mu.length);
  const { atoms } = kernel;
  for (let s = 0; s < mu.length; s++) {
    const mass = mu[s] ?? 0;
    if (mass === 0) continue;
    for (let a = 0; a < nActions; a++) {
      const flow = mass * (probs[s * nActions + a] ?? 0);
      if (flow === 0) continue;
      const at = (s * nActions + a) * atoms;
      for (let k = 0; k < atoms; k++) next[kernel.next[at + k] ?? 0]! += flow * (kernel.prob[at + k] ?? 0);
    }
  }
  return next;
}

/** children[t][n]: the indices at t + 1 of node n's children. */
export function childrenOf(game: Game): number[][][] {
  return game.nodes.slice(0, game.horizon).map((_, t) => {
    const lists: number[][] = (game.nodes[t] ?? []).map(() => []);
    (game.nodes[t + 1] ?? []).forEach((child, c) => {
      lists[child.parent]?.push(c);
    });
    return lists;
  });
}

/**
 * The flow of a policy given node by node: `policyAt(t, node, obs)` returns π_t at that node; it
 * is called in time order, so a recurrent policy may carry state from a node's parent.
 */
export function induceFlow(
  game: Game,
  policyAt: (t: number, node: number, obs: number[]) => Float64Array,
): Flow {
  const { nodes, horizon } = game;
  const A = game.actions.length;
  const mu: Float64Array[][] = [[game.mu0]];
  const obs: number[][][] = [[game.observe(0, nodes[0]?.[0]?.z ?? 0, populationMean(game.mu0))]];
  const kernels: Kernel[][] = [];
  const rewards: Float64Array[][] = [];
  for (let t = 0; t < horizon; t++) {
    const here = nodes[t] ?? [];
    const probs = here.map((_, n) => policyAt(t, n, obs[t]?.[n] ?? []));
    const next = nodes[t + 1] ?? [];
    kernels.push([]);
    rewards.push([]);
    mu.push([]);
    obs.push([]);
    next.forEach((child, c) => {
      const parent = here[child.parent];
      if (parent === undefined) throw new Error(`${game.id}: node ${c} at t=${t + 1} has no parent`);
      const kernel = game.kernel(t, parent.z, child.z);
      const muNext = pushForward(mu[t]?.[child.parent] ?? game.mu0, probs[child.parent]!, kernel, A);
      const mean = populationMean(muNext);
      kernels[t]!.push(kernel);
      rewards[t]!.push(game.rewards(t, parent.z, child.z, mean));
      mu[t + 1]!.push(muNext);
      obs[t + 1]!.push(game.observe(t + 1, child.z, mean));
    });
  }
  return { mu, obs, kernels, rewards };
}

/** The flow of a tabular policy. */
export function flowOfTable(game: Game, policy: PolicyTable): Flow {
  return induceFlow(game, (t, n) => {
    const probs = policy[t]?.[n];
    if (probs === undefined) throw new Error(`${game.id}: the policy has no row for t=${t}, node ${n}`);
    return probs;
  });
}

/** The uniform policy's table. */
export function uniformPolicy(game: Game): PolicyTable {
  const A = game.actions.length;
  return game.nodes
    .slice(0, game.horizon)
    .map((here) => here.map(() => new Float64Array(game.nStates * A).fill(1 / A)));
}

/** One leaf-to-root line of the noise tree: its probability and its node at every t = 0..horizon. */
export interface NoisePath {
  prob: number;
  nodes: number[];
}

/** Every path of the common-noise tree (two in both games), each with its probability. */
export function noisePaths(game: Game): NoisePath[] {
  const T = game.horizon;
  return (game.nodes[T] ?? []).map((_, leaf) => {
    const nodes = new Array<number>(T + 1);
    let prob = 1;
    let n = leaf;
    for (let t = T; t >= 0; t--) {
      nodes[t] = n;
      const node = game.nodes[t]?.[n];
      prob *= node?.prob ?? 0;
      n = node?.parent ?? -1;
    }
    return { prob, nodes };
  });
}

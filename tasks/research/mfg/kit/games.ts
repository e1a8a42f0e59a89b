/**
 * The two mean-field games with common noise, as in MFAX's push-forward environments: the
 * linear-quadratic game (a common drift whose sign, drawn once, reverses late in the episode) and
 * the 1-D beach bar (the bar may close at the half-way step). Each has an "original" size (MFAX's
 * defaults) and a "lite" one. A game fixes everything the population faces except the common
 * noise, whose realisations form a small tree (`nodes`), so expectations over it are exact sums.
 */

export type GameKind = "lq" | "beach-bar";
export type GameSize = "original" | "lite";

/** Linear-quadratic coefficients (MFAX defaults; tests override some to build solved cases). */
export interface LqParams {
  kappa: number;
  cAction: number;
  q: number;
  cTerm: number;
  sigma: number;
  rho: number;
  /** |ε|: the drift shock is σρε, a shift of ±5 states (original) or ±3 (lite). */
  shock: number;
  commonNoise: boolean;
}

export interface GameSpec {
  kind: GameKind;
  size: GameSize;
  /** Beach bar only: the bar's state. */
  bar?: number;
  /** LQ only: coefficient overrides (tests). */
  lq?: Partial<LqParams>;
}

/** One node of the common-noise tree at time t: its noise value and how it is reached. */
export interface NoiseNode {
  /** The submission's `noise` cell: "root" before any draw, then e.g. "z=+1" or "closed". */
  label: string;
  z: number;
  /** Index of the parent node at t − 1 (−1 at t = 0). */
  parent: number;
  /** Probability of this node given its parent. */
  prob: number;
}

/** Next states and probabilities of every (s, a), row-major s·A + a, `atoms` entries each. */
export interface Kernel {
  atoms: number;
  next: Int32Array;
  prob: Float64Array;
}

export interface Game {
  id: string;
  spec: GameSpec;
  nStates: number;
  /** The action values (moves); a policy indexes them 0..A−1. */
  actions: readonly number[];
  horizon: number;
  gamma: number;
  mu0: Float64Array;
  /** nodes[t] for t = 0..horizon. */
  nodes: NoiseNode[][];
  /** The transition of step t → t+1 on an edge into a node with noise zNext. */
  kernel(t: number, zNow: number, zNext: number): Kernel;
  /** R_t(s, a) on that edge, given the next population mean. */
  rewards(t: number, zNow: number, zNext: number, meanNext: number): Float64Array;
  /** The public observation o_t, normalised as MFAX's `normalize_obs`. */
  observe(t: number, z: number, mean: number): number[];
}

export const HORIZON = 30;
export const GAMMA = 0.99;

const LQ_DEFAULTS: LqParams = {
  kappa: 0.5,
  cAction: 0.5,
  q: 0.1,
  cTerm: 1,
  sigma: 1,
  rho: 0.5,
  shock: 10,
  commonNoise: true,
};

const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
const clip = (x: number, n: number): number => Math.min(n - 1, Math.max(0, x));

/** The population mean Σ μ(s)·s. */
export function populationMean(mu: ArrayLike<number>): number {
  let mean = 0;
  for (let s = 0; s < mu.length; s++) mean += (mu[s] ?? 0) * s;
  return mean;
}

/** A tree whose noise is drawn once, on the step `drawStep` → drawStep + 1, with equal odds. */
function twoBranchTree(
  horizon: number,
  drawStep: number,
  rootZ: number,
  branches: [string, number][],
): NoiseNode[][] {
  return range(0, horizon).map((t) =>
    t <= drawStep
      ? [{ label: "root", z: rootZ, parent: t > 0 ? 0 : -1, prob: 1 }]
      : branches.map(([label, z], i) => ({
          label,
          z,
          parent: t === drawStep + 1 ? 0 : i,
          prob: t === drawStep + 1 ? 1 / branches.length : 1,
        })),
  );
}

function buildKernel(
  nStates: number,
  nActions: number,
  atoms: number,
  fill: (s: number, a: number, next: Int32Array, prob: Float64Array, at: number) => void,
): Kernel {
  const next = new Int32Array(nStates * nActions * atoms);
  const prob = new Float64Array(nStates * nActions * atoms);
  for (let s = 0; s < nStates; s++)
    for (let a = 0; a < nActions; a++) fill(s, a, next, prob, (s * nActions + a) * atoms);
  return { atoms, next, prob };
}

function linearQuadratic(spec: GameSpec, id: string): Game {
  const p: LqParams = { ...LQ_DEFAULTS, ...(spec.size === "lite" ? { shock: 6 } : {}), ...spec.lq };
  const n = spec.size === "lite" ? 41 : 99;
  const actions = spec.size === "lite" ? range(-2, 2) : range(-3, 3);
  const offsets = range(-3, 3);
  const pdf = offsets.map((k) => Math.exp(-0.5 * k * k));
  const total = pdf.reduce((x, y) => x + y, 0);
  const weights = pdf.map((w) => w / total);
  const idio = p.sigma * Math.sqrt(1 - p.rho * p.rho);
  const kernels = new Map<string, Kernel>();
  const kernel = (t: number, _zNow: number, zNext: number): Kernel => {
    const eps = t < 8 ? -p.shock * zNext : t > 20 ? p.shock * zNext : 0;
    const key = String(eps);
    const cached = kernels.get(key);
    if (cached !== undefined) return cached;
    const made = buildKernel(n, actions.length, offsets.length, (s, a, next, prob, at) => {
      const det = Math.trunc(clip(s + (actions[a] ?? 0) + p.sigma * p.rho * eps, n));
      offsets.forEach((k, j) => {
        next[at + j] = clip(Math.round(det + idio * k), n);
        prob[at + j] = weights[j] ?? 0;
      });
    });
    kernels.set(key, made);
    return made;
  };
  const rewards = (t: number, _zNow: number, _zNext: number, meanNext: number): Float64Array => {
    const r = new Float64Array(n * actions.length);
    const terminal = t + 1 >= HORIZON;
    for (let s = 0; s < n; s++) {
      const gap = meanNext - s;
      actions.forEach((a, i) => {
        r[s * actions.length + i] = terminal
          ? -(p.cTerm / 2) * gap * gap
          : -p.cAction * a * a + p.q * a * gap - (p.kappa / 2) * gap * gap;
      });
    }
    return r;
  };
  const nodes = p.commonNoise
    ? twoBranchTree(HORIZON, 0, 0, [
        ["z=+1", 1],
        ["z=-1", -1],
      ])
    : range(0, HORIZON).map((t) => [{ label: "root", z: 0, parent: t > 0 ? 0 : -1, prob: 1 }]);
  return {
    id,
    spec,
    nStates: n,
    actions,
    horizon: HORIZON,
    gamma: GAMMA,
    mu0: new Float64Array(n).fill(1 / n),
    nodes,
    kernel,
    rewards,
    observe: (_t, _z, mean) => [mean / n],
  };
}

/** The beach bar's legal range for its size: [floor(N/4), ceil(3N/4)), as MFAX samples it. */
export function barRange(size: GameSize): [number, number] {
  const n = size === "lite" ? 41 : 101;
  return [Math.floor(0.25 * n), Math.ceil(0.75 * n)];
}

function beachBar(spec: GameSpec, id: string): Game {
  const n = spec.size === "lite" ? 41 : 101;
  const actions = spec.size === "lite" ? range(-3, 3) : range(-5, 5);
  const [lo, hi] = barRange(spec.size);
  const bar = spec.bar ?? lo;
  if (!Number.isInteger(bar) || bar < lo || bar >= hi)
    throw new RangeError(`beach bar at ${bar} is outside [${lo}, ${hi}) for the ${spec.size} size`);
  const offsets = [-2, -1, 0, 1, 2];
  const weights = [0.05, 0.1, 0.7, 0.1, 0.05];
  // Agents cannot enter or cross the bar: a move onto or past it stops beside it.
  const legal = (from: number, to: number): number =>
    from > bar && to <= bar ? bar + 1 : from < bar && to >= bar ? bar - 1 : to;
  const fixed = buildKernel(n, actions.length, offsets.length, (s, a, next, prob, at) => {
    const det = legal(s, clip(s + (actions[a] ?? 0), n));
    offsets.forEach((k, j) => {
      next[at + j] = legal(s, clip(det + k, n));
      prob[at + j] = weights[j] ?? 0;
    });
  });
  const rewards = (_t: number, zNow: number, zNext: number, _meanNext: number): Float64Array => {
    const r = new Float64Array(n * actions.length);
    for (let s = 0; s < n; s++) {
      const distance = Math.abs(bar - s);
      const closing = distance === 1 && zNext === 0 ? n : 0;
      actions.forEach((a, i) => {
        r[s * actions.length + i] = -distance * zNow - closing - Math.abs(a) / n;
      });
    }
    return r;
  };
  const mu0 = new Float64Array(n).fill(1 / (n - 1));
  mu0[bar] = 0;
  return {
    id,
    spec,
    nStates: n,
    actions,
    horizon: HORIZON,
    gamma: GAMMA,
    mu0,
    nodes: twoBranchTree(HORIZON, HORIZON / 2 - 1, 1, [
      ["open", 1],
      ["closed", 0],
    ]),
    kernel: () => fixed,
    rewards,
    observe: (_t, z, mean) => [1 - mean / n, z, 1 - bar / n],
  };
}

/** The id of a game: "lq", "lq-lite", "beach-bar-b37", "beach-bar-lite-b14". */
export function gameId(spec: GameSpec): string {
  const base = `${spec.kind}${spec.size === "lite" ? "-lite" : ""}`;
  return spec.kind === "beach-bar" ? `${base}-b${spec.bar ?? barRange(spec.size)[0]}` : base;
}

/** The spec a game id names; throws a RangeError naming the id when it names none. */
export function parseGameId(id: string): GameSpec {
  const match = /^(lq|beach-bar)(-lite)?(?:-b(\d+))?$/.exec(id);
  const kind = match?.[1] as GameKind | undefined;
  if (match === null || kind === undefined || (kind === "lq") !== (match[3] === undefined))
    throw new RangeError(`"${id}" is not a game id (lq, lq-lite, beach-bar-b<bar>, beach-bar-lite-b<bar>)`);
  const size: GameSize = match[2] === undefined ? "original" : "lite";
  return kind === "lq" ? { kind, size } : { kind, size, bar: Number(match[3]) };
}

/** The game a spec (or a game id) describes. */
export function makeGame(spec: GameSpec | string): Game {
  const resolved = typeof spec === "string" ? parseGameId(spec) : spec;
  const id = gameId(resolved);
  return resolved.kind === "lq" ? linearQuadratic(resolved, id) : beachBar(resolved, id);
}

/**
 * The Bradley–Terry maximum-likelihood fit behind the paper's Elo (its `compute_mle_elo`, a
 * logistic regression without intercept or penalty): P(a beats b) = 1 / (1 + base^((R_b − R_a) /
 * scale)). `wins[a][b]` is the weight of "a beat b" (a win counts 2, a tie 1 for each side, as
 * the notebook's pivot tables add them). The fit keeps the mean rating at `initRating`, as
 * scikit-learn's solver does when it starts from zero coefficients.
 */

export interface BradleyTerryOptions {
  scale?: number;
  base?: number;
  initRating?: number;
  maxIterations?: number;
}

export interface BradleyTerryFit {
  ratings: number[];
  /** False when the likelihood has no maximum (a player always wins or always loses). */
  converged: boolean;
  iterations: number;
}

type Matrix = readonly (readonly number[])[];

function logLikelihood(beta: readonly number[], wins: Matrix, k: number): number {
  let total = 0;
  for (let a = 0; a < beta.length; a++) {
    for (let b = 0; b < beta.length; b++) {
      const w = wins[a]![b]!;
      // log σ(x) = −log(1 + e^(−x)), computed stably.
      if (w > 0) total -= w * softplus(-k * (beta[a]! - beta[b]!));
    }
  }
  return total;
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Gradient and the negated Hessian, plus the mean-fixing term 1·1ᵀ/p and a tiny ridge. */
function newtonSystem(beta: readonly number[], wins: Matrix, k: number) {
  const p = beta.length;
  const gradient = new Array<number>(p).fill(0);
  const curvature = Array.from({ length: p }, () => new Array<number>(p).fill(1 / p));
  for (let a = 0; a < p; a++) {
    curvature[a]![a]! += 1e-12;
    for (let b = 0; b < p; b++) {
      if (a === b) continue;
      const games = wins[a]![b]! + wins[b]![a]!;
      if (games === 0) continue;
      const s = sigmoid(k * (beta[a]! - beta[b]!));
      gradient[a]! += k * (wins[a]![b]! - games * s);
      const h = k * k * games * s * (1 - s);
      curvature[a]![a]! += h;
      curvature[a]![b]! -= h;
    }
  }
  return { gradient, curvature };
}

/** Solves M x = v by Gaussian elimination with partial pivoting (M is small and dense). */
export function solveLinear(matrix: Matrix, vector: readonly number[]): number[] {
  const n = vector.length;
  const m = matrix.map((row, i) => [...row, vector[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const lead = m[col]![col]!;
    for (let r = col + 1; r < n; r++) {
      const factor = m[r]![col]! / lead;
      if (factor === 0) continue;
      for (let c = col; c <= n; c++) m[r]![c]! -= factor * m[col]![c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let sum = m[r]![n]!;
    for (let c = r + 1; c < n; c++) sum -= m[r]![c]! * x[c]!;
    x[r] = sum / m[r]![r]!;
  }
  return x;
}

/** Players reachable from `start` along edges where `edge(from, to)` holds. */
function reachable(p: number, start: number, edge: (from: number, to: number) => boolean): Set<number> {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0) {
    const from = queue.pop()!;
    for (let to = 0; to < p; to++) {
      if (!seen.has(to) && edge(from, to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}

/**
 * Whether the MLE exists (Zermelo's condition): among the players who played, everyone beat
 * (or tied) someone who, through a chain of such results, beat everyone else; i.e. the graph of
 * "a scored against b" is strongly connected.
 */
export function mleExists(wins: Matrix): boolean {
  const p = wins.length;
  const players = [...Array(p).keys()].filter((a) => wins[a]!.some((w, b) => w > 0 || wins[b]![a]! > 0));
  if (players.length < 2) return true;
  const start = players[0]!;
  const forward = reachable(p, start, (a, b) => wins[a]![b]! > 0);
  const backward = reachable(p, start, (a, b) => wins[b]![a]! > 0);
  return players.every((a) => forward.has(a) && backward.has(a));
}

/** Newton's method with step halving from β = 0; ratings = scale · β + initRating. */
export function fitBradleyTerry(wins: Matrix, options: BradleyTerryOptions = {}): BradleyTerryFit {
  const { scale = 400, base = 10, initRating = 1000, maxIterations = 100 } = options;
  const k = Math.log(base);
  const p = wins.length;
  let beta = new Array<number>(p).fill(0);
  let current = logLikelihood(beta, wins, k);
  const totalWeight = wins.flat().reduce((a, b) => a + b, 0);
  let converged = false;
  let iterations = 0;
  while (iterations < maxIterations) {
    const { gradient, curvature } = newtonSystem(beta, wins, k);
    if (Math.max(0, ...gradient.map(Math.abs)) <= 1e-9 * Math.max(1, totalWeight)) {
      converged = true;
      break;
    }
    iterations++;
    const step = solveLinear(curvature, gradient);
    let size = 1;
    let next = beta.map((v, i) => v + step[i]!);
    let value = logLikelihood(next, wins, k);
    while (value < current && size > 1e-10) {
      size /= 2;
      next = beta.map((v, i) => v + size * step[i]!);
      value = logLikelihood(next, wins, k);
    }
    beta = next;
    current = value;
  }
  return {
    ratings: beta.map((b) => scale * b + initRating),
    converged: converged && mleExists(wins),
    iterations,
  };
}

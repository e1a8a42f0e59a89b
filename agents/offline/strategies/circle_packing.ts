/**
 * Circle packing by a penalty method: maximise sum(r) - mu * (squared overlaps + squared wall
 * violations) over centres and radii with first-order steps while mu grows geometrically, then
 * make the packing strictly feasible and grow the radii with the centres fixed. Several restarts
 * from a chosen starting layout; the best valid packing wins.
 */
import { circlePacking as defaults } from "../params.js";

export type CirclePackingParams = typeof defaults;
export type Circle = [number, number, number];

interface State {
  x: Float64Array;
  y: Float64Array;
  r: Float64Array;
}

function startLayout(n: number, p: CirclePackingParams): State {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const r = new Float64Array(n).fill(p.initialRadius);
  if (p.layout === "random") {
    for (let i = 0; i < n; i++) {
      x[i] = 0.1 + 0.8 * Math.random();
      y[i] = 0.1 + 0.8 * Math.random();
    }
  } else if (p.layout === "rings") {
    // One centre circle, then rings of growing radius, each holding about 2*pi*k circles.
    x[0] = 0.5;
    y[0] = 0.5;
    let placed = 1;
    for (let ring = 1; placed < n; ring++) {
      const count = Math.min(n - placed, 6 * ring);
      const radius = (0.42 * ring) / Math.max(1, Math.ceil(Math.sqrt(n / 6)));
      const phase = Math.random() * Math.PI * 2;
      for (let k = 0; k < count; k++, placed++) {
        const angle = phase + (2 * Math.PI * k) / count;
        x[placed] = 0.5 + Math.min(radius, 0.45) * Math.cos(angle);
        y[placed] = 0.5 + Math.min(radius, 0.45) * Math.sin(angle);
      }
    }
  } else {
    // grid and hex: rows of `cols` circles; hex offsets every other row by half a cell.
    const cols = Math.ceil(Math.sqrt(n));
    const rows = Math.ceil(n / cols);
    for (let i = 0; i < n; i++) {
      const row = Math.floor(i / cols);
      const col = i % cols;
      const shift = p.layout === "hex" && row % 2 === 1 ? 0.5 : 0;
      x[i] = (col + 0.5 + shift * 0.9) / (cols + (p.layout === "hex" ? 0.5 : 0));
      y[i] = (row + 0.5) / rows;
    }
  }
  for (let i = 0; i < n; i++) {
    x[i] = Math.min(0.99, Math.max(0.01, x[i]! + (Math.random() * 2 - 1) * p.jitter));
    y[i] = Math.min(0.99, Math.max(0.01, y[i]! + (Math.random() * 2 - 1) * p.jitter));
  }
  return { x, y, r };
}

/** Gradient of -sum(r) + mu * penalty at `v` (x, y, r packed as [x0..xn, y0..yn, r0..rn]). */
function gradient(v: Float64Array, n: number, mu: number, g: Float64Array): void {
  g.fill(0);
  for (let i = 0; i < n; i++) g[2 * n + i] = -1;
  const m2 = 2 * mu;
  for (let i = 0; i < n; i++) {
    const xi = v[i]!;
    const yi = v[n + i]!;
    const ri = v[2 * n + i]!;
    // Walls and a non-negative radius.
    let viol = ri - xi;
    if (viol > 0) {
      g[2 * n + i]! += m2 * viol;
      g[i]! -= m2 * viol;
    }
    viol = ri + xi - 1;
    if (viol > 0) {
      g[2 * n + i]! += m2 * viol;
      g[i]! += m2 * viol;
    }
    viol = ri - yi;
    if (viol > 0) {
      g[2 * n + i]! += m2 * viol;
      g[n + i]! -= m2 * viol;
    }
    viol = ri + yi - 1;
    if (viol > 0) {
      g[2 * n + i]! += m2 * viol;
      g[n + i]! += m2 * viol;
    }
    if (ri < 0) g[2 * n + i]! += m2 * ri;
    for (let j = i + 1; j < n; j++) {
      const dx = xi - v[j]!;
      const dy = yi - v[n + j]!;
      const d = Math.sqrt(dx * dx + dy * dy) + 1e-12;
      const overlap = ri + v[2 * n + j]! - d;
      if (overlap > 0) {
        const k = m2 * overlap;
        g[2 * n + i]! += k;
        g[2 * n + j]! += k;
        g[i]! -= (k * dx) / d;
        g[j]! += (k * dx) / d;
        g[n + i]! -= (k * dy) / d;
        g[n + j]! += (k * dy) / d;
      }
    }
  }
}

function optimise(state: State, n: number, p: CirclePackingParams): State {
  const v = new Float64Array(3 * n);
  v.set(state.x, 0);
  v.set(state.y, n);
  v.set(state.r, 2 * n);
  const g = new Float64Array(3 * n);
  const m = new Float64Array(3 * n);
  const s = new Float64Array(3 * n);
  const steps = Math.max(1, Math.round(p.iterations));
  const growth = (p.penaltyEnd / p.penaltyStart) ** (1 / Math.max(1, steps - 1));
  let mu = p.penaltyStart;
  for (let t = 1; t <= steps; t++) {
    gradient(v, n, mu, g);
    // Cosine decay from learningRate to learningRate * finalLearningRateFraction: big moves
    // early, small ones late so the end point is not left oscillating around the optimum.
    const progress = steps > 1 ? (t - 1) / (steps - 1) : 1;
    const lrScale =
      p.finalLearningRateFraction +
      (1 - p.finalLearningRateFraction) * 0.5 * (1 + Math.cos(Math.PI * progress));
    const rate = p.learningRate * lrScale;
    if (p.optimizer === "adam") {
      const b1 = 0.9;
      const b2 = 0.999;
      for (let k = 0; k < v.length; k++) {
        m[k] = b1 * m[k]! + (1 - b1) * g[k]!;
        s[k] = b2 * s[k]! + (1 - b2) * g[k]! * g[k]!;
        const mh = m[k]! / (1 - b1 ** t);
        const sh = s[k]! / (1 - b2 ** t);
        v[k] = v[k]! - (rate * mh) / (Math.sqrt(sh) + 1e-12);
      }
    } else {
      // Heavy-ball momentum; the step is scaled by 1/mu so it stays stable as the penalty stiffens.
      const lr = rate / (1 + mu * rate);
      for (let k = 0; k < v.length; k++) {
        m[k] = 0.9 * m[k]! - lr * g[k]!;
        v[k] = v[k]! + m[k]!;
      }
    }
    for (let i = 0; i < n; i++) {
      v[i] = Math.min(1, Math.max(0, v[i]!));
      v[n + i] = Math.min(1, Math.max(0, v[n + i]!));
    }
    mu *= growth;
  }
  return { x: v.slice(0, n), y: v.slice(n, 2 * n), r: v.slice(2 * n) };
}

/** Shrinks radii until the packing is strictly feasible; radii only ever shrink, so one pass suffices. */
function makeFeasible(state: State, n: number): void {
  const { x, y, r } = state;
  for (let i = 0; i < n; i++) {
    // A diverged run leaves NaN: restart such a circle at a random point with radius 0.
    if (!Number.isFinite(x[i]!) || !Number.isFinite(y[i]!) || !Number.isFinite(r[i]!)) {
      x[i] = Math.random();
      y[i] = Math.random();
      r[i] = 0;
    }
    const wall = Math.min(x[i]!, 1 - x[i]!, y[i]!, 1 - y[i]!);
    r[i] = Math.max(0, Math.min(r[i]!, wall));
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const d = Math.hypot(x[i]! - x[j]!, y[i]! - y[j]!);
      const sum = r[i]! + r[j]!;
      if (sum > d) {
        const scale = sum > 0 ? (d / sum) * (1 - 1e-12) : 0;
        r[i] = r[i]! * scale;
        r[j] = r[j]! * scale;
      }
    }
  }
}

/** Grows each radius to touch its nearest obstacle, centres fixed; stays feasible throughout. */
function growRadii(state: State, n: number, passes: number): void {
  const { x, y, r } = state;
  for (let pass = 0; pass < passes; pass++) {
    for (let i = 0; i < n; i++) {
      let limit = Math.min(x[i]!, 1 - x[i]!, y[i]!, 1 - y[i]!);
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        limit = Math.min(limit, Math.hypot(x[i]! - x[j]!, y[i]! - y[j]!) - r[j]!);
      }
      r[i] = Math.max(0, limit * (1 - 1e-12));
    }
  }
}

function sum(r: Float64Array): number {
  let total = 0;
  for (const value of r) total += value;
  return total;
}

export interface PackingResult {
  circles: Circle[];
  sumRadii: number;
  restartsRun: number;
}

export function packCircles(n: number, params: CirclePackingParams = defaults): PackingResult {
  const started = Date.now();
  let best: State | undefined;
  let bestSum = -1;
  let restartsRun = 0;
  const restarts = Math.max(1, Math.round(params.restarts));
  for (let k = 0; k < restarts; k++) {
    if (k > 0 && Date.now() - started > params.timeBudgetMs) break;
    const state = optimise(startLayout(n, params), n, params);
    makeFeasible(state, n);
    growRadii(state, n, Math.max(1, Math.round(params.radiusPasses)));
    restartsRun++;
    const total = sum(state.r);
    if (total > bestSum) {
      best = state;
      bestSum = total;
    }
  }
  const circles: Circle[] = [];
  if (best) for (let i = 0; i < n; i++) circles.push([best.x[i]!, best.y[i]!, best.r[i]!]);
  return { circles, sumRadii: bestSum, restartsRun };
}

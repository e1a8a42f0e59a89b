/**
 * Reference solution: ridge regression on count and motif features, with the matrix work in
 * TensorFlow.js. Per graph: atoms per type; bonds per (type, type, bond order); atoms per (type,
 * degree) and per (type, total bond order), which carry branching and implicit hydrogens; the atom
 * count and its square; and the number of independent rings (bonds − atoms + 1). Fitted on
 * train + validation by the normal equations (a Cholesky solve); deterministic.
 */
import { loadTf, type Row, readSplit, writeSubmission } from "hyperagents/solution";

const TYPES = 5;
const MAX_DEGREE = 5;
const RIDGE = 1e-3;

const { tf } = await loadTf();
const train = [...(await readSplit("train")), ...(await readSplit("validation"))];
const test = await readSplit("test");

function features(row: Row): number[] {
  const types = (row.node_feat as number[][]).map((feature) => feature[0]!);
  const [src, dst] = row.edge_index as [number[], number[]];
  const orders = (row.edge_attr as number[][]).map((attr) => attr[0]!);
  const degree = types.map(() => 0);
  const valence = types.map(() => 0);
  const atomCounts = new Array<number>(TYPES).fill(0);
  const bondCounts = new Array<number>(TYPES * TYPES * 2).fill(0);
  const byDegree = new Array<number>(TYPES * MAX_DEGREE).fill(0);
  const byValence = new Array<number>(TYPES * 5).fill(0);
  for (const t of types) atomCounts[t]! += 1;
  // edge_index lists each bond in both directions: count each atom's side, and each bond once.
  src.forEach((u, k) => {
    const v = dst[k]!;
    degree[u]! += 1;
    valence[u]! += orders[k]!;
    if (u < v) {
      const [a, b] = [Math.min(types[u]!, types[v]!), Math.max(types[u]!, types[v]!)];
      bondCounts[(a * TYPES + b) * 2 + orders[k]! - 1]! += 1;
    }
  });
  types.forEach((t, i) => {
    byDegree[t * MAX_DEGREE + Math.min(degree[i]!, MAX_DEGREE - 1)]! += 1;
    byValence[t * 5 + Math.min(valence[i]!, 4)]! += 1;
  });
  const atoms = types.length;
  const rings = src.length / 2 - atoms + 1;
  return [...atomCounts, ...bondCounts, ...byDegree, ...byValence, atoms, (atoms * atoms) / 100, rings];
}

/** Solves A w = b for a symmetric positive definite A (n x n, row-major) by Cholesky. */
function choleskySolve(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number[] {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j * n + j]!;
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * z[k]!;
    z[i] = s / l[i * n + i]!;
  }
  const w = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * w[k]!;
    w[i] = s / l[i * n + i]!;
  }
  return w;
}

const targets = train.map((row) => Number(row.y));
const meanTarget = targets.reduce((a, b) => a + b, 0) / targets.length;
const x = tf.tensor2d(train.map(features));
// Standardised columns, so one ridge penalty suits every feature.
const mean = x.mean(0);
const std = x.sub(mean).square().mean(0).sqrt().add(1e-6);
const xs = x.sub(mean).div(std);
const n = xs.shape[1] ?? 0;
const gram = Array.from(xs.transpose().matMul(xs).dataSync());
for (let i = 0; i < n; i++) gram[i * n + i]! += RIDGE * train.length;
const rhs = xs
  .transpose()
  .matMul(tf.tensor2d(targets, [targets.length, 1]).sub(meanTarget))
  .dataSync();
const w = tf.tensor2d(choleskySolve(gram, rhs, n), [n, 1]);

const predicted = tf.tensor2d(test.map(features)).sub(mean).div(std).matMul(w).add(meanTarget).dataSync();
await writeSubmission(
  Array.from(predicted, (y) => ({ y: Math.round(y * 1e5) / 1e5 })),
  ["y"],
);

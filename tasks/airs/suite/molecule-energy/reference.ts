/**
 * Reference solution: ridge regression on rotation- and translation-invariant features, with the
 * matrix work in TensorFlow.js. For every pair of atom types, the molecule's interatomic distances
 * are spread over a grid of Gaussian radial basis functions (a smooth distance histogram), plus
 * the atom counts per type. An energy that is a sum of pair terms is linear in these features.
 * Fitted on train + validation by the normal equations (a Cholesky solve); deterministic.
 */
import { loadTf, type Row, readSplit, writeSubmission } from "hyperagents/solution";

const TYPES = 4;
const CENTRES = Array.from({ length: 32 }, (_, k) => 0.8 + (k * 5) / 31);
const WIDTH = 0.2;
const RIDGE = 1e-4;

const { tf } = await loadTf();
const train = [...(await readSplit("train")), ...(await readSplit("validation"))];
const test = await readSplit("test");

const PAIRS = (TYPES * (TYPES + 1)) / 2;
/** Index of the unordered type pair (a, b) among the PAIRS pairs. */
const pairIndex = (a: number, b: number) => {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  return lo * TYPES - (lo * (lo - 1)) / 2 + (hi - lo);
};

function features(row: Row): number[] {
  const atoms = row.atoms as number[];
  const positions = row.positions as number[][];
  const out = new Array<number>(PAIRS * CENTRES.length + TYPES).fill(0);
  for (let i = 0; i < atoms.length; i++) {
    out[PAIRS * CENTRES.length + atoms[i]!]! += 1;
    for (let j = i + 1; j < atoms.length; j++) {
      const [p, q] = [positions[i]!, positions[j]!];
      const r = Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!, p[2]! - q[2]!);
      const base = pairIndex(atoms[i]!, atoms[j]!) * CENTRES.length;
      CENTRES.forEach((c, k) => {
        out[base + k]! += Math.exp(-(((r - c) / WIDTH) ** 2));
      });
    }
  }
  return out;
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

const energies = train.map((row) => Number(row.energy));
const meanEnergy = energies.reduce((a, b) => a + b, 0) / energies.length;
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
  .matMul(tf.tensor2d(energies, [energies.length, 1]).sub(meanEnergy))
  .dataSync();
const w = tf.tensor2d(choleskySolve(gram, rhs, n), [n, 1]);

const predicted = tf.tensor2d(test.map(features)).sub(mean).div(std).matMul(w).add(meanEnergy).dataSync();
await writeSubmission(
  Array.from(predicted, (energy) => ({ energy: Math.round(energy * 1e5) / 1e5 })),
  ["energy"],
);

/**
 * Model templates on TensorFlow.js: ridge regression (normal equations, Cholesky solve), a small
 * MLP, k-nearest neighbours, the mean, and a softmax classifier. Copied into solutions by source
 * text (template.ts): self-contained apart from other solution/ functions.
 */
import type { Tf } from "./tf_types.js";

/** Rows of features, standardised with the training rows' mean and spread; flattened row-major. */
export function standardize(train: number[][], others: number[][][]) {
  const d = train[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const row of train) for (let j = 0; j < d; j++) mean[j]! += row[j]! / train.length;
  for (const row of train) for (let j = 0; j < d; j++) std[j]! += (row[j]! - mean[j]!) ** 2 / train.length;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]!) || 1;
  const flat = (rows: number[][]) => {
    const out = new Float32Array(rows.length * d);
    rows.forEach((row, i) => {
      for (let j = 0; j < d; j++) out[i * d + j] = (row[j]! - mean[j]!) / std[j]!;
    });
    return out;
  };
  return { d, train: flat(train), others: others.map(flat) };
}

/** Solves A x = b for a symmetric positive definite n x n A (row-major). */
export function choleskySolve(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number[] {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = i === j ? Math.sqrt(Math.max(s, 1e-9)) : s / l[j * n + j]!;
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * z[k]!;
    z[i] = s / l[i * n + i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

/** Ridge regression on standardised features: one weight column per output. */
export function ridgeFit(tf: Tf, x: Float32Array, n: number, d: number, y: number[][], lambda: number) {
  const outputs = y[0]?.length ?? 1;
  const xs = tf.tensor2d(x, [n, d]);
  const gram = Array.from(xs.transpose().matMul(xs).dataSync());
  for (let i = 0; i < d; i++) gram[i * d + i]! += lambda * n;
  const rhs = xs
    .transpose()
    .matMul(tf.tensor2d(y.flat(), [n, outputs]))
    .dataSync();
  const weights: number[][] = [];
  for (let o = 0; o < outputs; o++) {
    weights.push(
      choleskySolve(
        gram,
        Array.from({ length: d }, (_, i) => rhs[i * outputs + o]!),
        d,
      ),
    );
  }
  xs.dispose();
  return weights;
}

/** x (m x d) times the weight columns: m rows of outputs. */
export function linearPredict(tf: Tf, x: Float32Array, m: number, d: number, weights: number[][]) {
  const w = tf.tensor2d(
    Array.from(
      { length: d * weights.length },
      (_, k) => weights[k % weights.length]![Math.floor(k / weights.length)]!,
    ),
    [d, weights.length],
  );
  const out = tf.tensor2d(x, [m, d]).matMul(w).dataSync();
  return Array.from({ length: m }, (_, i) =>
    Array.from(out.subarray(i * weights.length, (i + 1) * weights.length)),
  );
}

/** A one-hidden-layer ReLU network trained full-batch with Adam, on L1 or L2 loss. */
export function mlpFitPredict(
  tf: Tf,
  data: { x: Float32Array; n: number; d: number; y: number[]; test: Float32Array; m: number },
  options: { hidden: number; epochs: number; learningRate: number; l1: boolean; seed: number },
): number[] {
  const { x, n, d, y, test, m } = data;
  const scale = Math.sqrt(y.reduce((a, b) => a + b * b, 0) / Math.max(1, n)) || 1;
  const xs = tf.tensor2d(x, [n, d]);
  const ys = tf.tensor2d(
    y.map((v) => v / scale),
    [n, 1],
  );
  const w1 = tf.variable(tf.randomNormal([d, options.hidden], 0, Math.sqrt(2 / d), "float32", options.seed));
  const b1 = tf.variable(tf.zeros([options.hidden]));
  const w2 = tf.variable(
    tf.randomNormal([options.hidden, 1], 0, Math.sqrt(1 / options.hidden), "float32", options.seed + 1),
  );
  const b2 = tf.variable(tf.zeros([1]));
  const forward = (input: ReturnType<Tf["tensor2d"]>) => input.matMul(w1).add(b1).relu().matMul(w2).add(b2);
  const optimizer = tf.train.adam(options.learningRate);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    optimizer.minimize(() => {
      const err = forward(xs).sub(ys);
      return (options.l1 ? err.abs() : err.square()).mean();
    });
  }
  const out = tf.tidy(() => forward(tf.tensor2d(test, [m, d])).dataSync());
  return Array.from(out, (v) => v * scale);
}

/** The mean target of the k nearest training rows (Euclidean, standardised features). */
export function knnPredict(
  tf: Tf,
  data: { x: Float32Array; n: number; d: number; y: number[]; test: Float32Array; m: number },
  k: number,
): number[] {
  const { x, n, d, y, test, m } = data;
  const norms = (a: Float32Array, rows: number) =>
    Array.from({ length: rows }, (_, i) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += a[i * d + j]! ** 2;
      return s;
    });
  const trainNorms = norms(x, n);
  const testNorms = norms(test, m);
  const dots = tf
    .tensor2d(test, [m, d])
    .matMul(tf.tensor2d(x, [n, d]).transpose())
    .dataSync();
  return Array.from({ length: m }, (_, i) => {
    const dist = trainNorms.map((t, j) => ({ j, v: t + testNorms[i]! - 2 * dots[i * n + j]! }));
    dist.sort((p, q) => p.v - q.v);
    const near = dist.slice(0, Math.max(1, k));
    return near.reduce((acc, p) => acc + y[p.j]!, 0) / near.length;
  });
}

/** Class probabilities from a softmax (multinomial logistic) regression trained with Adam. */
export function softmaxFitPredict(
  tf: Tf,
  data: {
    x: Float32Array;
    n: number;
    d: number;
    labels: number[];
    classes: number;
    test: Float32Array;
    m: number;
  },
  options: { epochs: number; learningRate: number; l2: number },
): number[][] {
  const { x, n, d, labels, classes, test, m } = data;
  const xs = tf.tensor2d(x, [n, d]);
  const ys = tf.oneHot(tf.tensor1d(labels, "int32"), classes);
  const w = tf.variable(tf.zeros([d, classes]));
  const b = tf.variable(tf.zeros([classes]));
  const optimizer = tf.train.adam(options.learningRate);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    optimizer.minimize(() =>
      tf.losses.softmaxCrossEntropy(ys, xs.matMul(w).add(b)).add(w.square().sum().mul(options.l2)),
    );
  }
  const probs = tf.softmax(tf.tensor2d(test, [m, d]).matMul(w).add(b)).dataSync();
  return Array.from({ length: m }, (_, i) => Array.from(probs.subarray(i * classes, (i + 1) * classes)));
}

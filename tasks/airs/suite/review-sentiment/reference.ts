/**
 * Reference solution: a softmax classifier (TensorFlow.js) over bags of words and word pairs (so
 * that "not good" and "very good" are features of their own), trained on train + validation.
 */
import type { Scalar } from "@tensorflow/tfjs";
import { loadTf, type Row, readSplit, writeSubmission } from "hyperagents/solution";

const { tf } = await loadTf();
const train = [...(await readSplit("train")), ...(await readSplit("validation"))];
const test = await readSplit("test");

function features(row: Row): string[] {
  const words =
    String(row.text)
      .toLowerCase()
      .match(/[a-z-]+/g) ?? [];
  return [...words, ...words.slice(1).map((word, i) => `${words[i]}_${word}`)];
}
const counts = new Map<string, number>();
for (const row of train) for (const f of new Set(features(row))) counts.set(f, (counts.get(f) ?? 0) + 1);
const vocabulary = new Map([...counts].filter(([, n]) => n >= 3).map(([f], i) => [f, i]));

function encode(rows: readonly Row[]) {
  const x = new Float32Array(rows.length * vocabulary.size);
  rows.forEach((row, i) => {
    const list = features(row);
    for (const f of list) {
      const j = vocabulary.get(f);
      if (j !== undefined)
        x[i * vocabulary.size + j] = (x[i * vocabulary.size + j] ?? 0) + 1 / Math.sqrt(list.length);
    }
  });
  return tf.tensor2d(x, [rows.length, vocabulary.size]);
}

const xs = encode(train);
const ys = tf.oneHot(
  tf.tensor1d(
    train.map((row) => Number(row.label)),
    "int32",
  ),
  5,
);
const w = tf.variable(tf.zeros([vocabulary.size, 5]));
const b = tf.variable(tf.zeros([5]));
const optimizer = tf.train.adam(0.05);
for (let step = 0; step < 200; step++) {
  optimizer.minimize(
    () => tf.losses.softmaxCrossEntropy(ys, xs.matMul(w).add(b)).add(w.square().sum().mul(1e-4)) as Scalar,
  );
}
const predicted = (await encode(test).matMul(w).add(b).argMax(1).array()) as number[];
await writeSubmission(
  predicted.map((label) => ({ label })),
  ["label"],
);

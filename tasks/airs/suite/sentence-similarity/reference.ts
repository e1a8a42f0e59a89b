/**
 * Reference solution: synonyms learned from near-identical training pairs, then pair features
 * (overlap of canonical words, negation mismatch, word-order agreement, unmatched words) fed to a
 * small TensorFlow.js MLP regressor trained on the relatedness scores.
 */
import { loadTf, type Row, readSplit, runSeed, writeSubmission } from "hyperagents/solution";

const { tf } = await loadTf();
const train = [...(await readSplit("train")), ...(await readSplit("validation"))];
const test = await readSplit("test");

const STOP = new Set(["a", "an", "the", "is", "not", "in", "on", "at", "with"]);
const words = (text: unknown): string[] =>
  (
    String(text)
      .toLowerCase()
      .match(/[a-z]+/g) ?? []
  ).filter((w) => !STOP.has(w));
const negated = (text: unknown): boolean => /\bnot\b/.test(String(text));

// Synonyms: word pairs that are the only difference of a highly related training pair.
const votes = new Map<string, number>();
for (const row of train) {
  if (Number(row.relatedness_score) < 4.4) continue;
  const [a, b] = [words(row.sentence_A), words(row.sentence_B)];
  const onlyA = a.filter((w) => !b.includes(w));
  const onlyB = b.filter((w) => !a.includes(w));
  if (onlyA.length === 1 && onlyB.length === 1) {
    const key = [onlyA[0], onlyB[0]].sort().join(" ");
    votes.set(key, (votes.get(key) ?? 0) + 1);
  }
}
const canonical = new Map<string, string>();
const root = (w: string): string =>
  canonical.has(w) && canonical.get(w) !== w ? root(canonical.get(w)!) : w;
for (const [key, count] of votes) {
  if (count < 3) continue;
  const [x, y] = key.split(" ") as [string, string];
  const [rx, ry] = [root(x), root(y)];
  const [keep, drop] = rx < ry ? [rx, ry] : [ry, rx];
  if (keep !== drop) canonical.set(drop, keep);
}

function features(row: Row): number[] {
  const [a, b] = [words(row.sentence_A).map(root), words(row.sentence_B).map(root)];
  const setA = new Set(a);
  const setB = new Set(b);
  const shared = [...setA].filter((w) => setB.has(w));
  const jaccard = shared.length / (setA.size + setB.size - shared.length);
  // Order agreement: shared words appear in the same order in both sentences.
  const orderA = a.filter((w) => setB.has(w));
  const orderB = b.filter((w) => setA.has(w));
  const sameOrder = orderA.join(" ") === orderB.join(" ") ? 1 : 0;
  const [rawA, rawB] = [new Set(words(row.sentence_A)), new Set(words(row.sentence_B))];
  const rawShared = [...rawA].filter((w) => rawB.has(w)).length;
  return [
    jaccard,
    rawShared / (rawA.size + rawB.size - rawShared),
    negated(row.sentence_A) !== negated(row.sentence_B) ? 1 : 0,
    sameOrder,
    (setA.size - shared.length) / 4,
    (setB.size - shared.length) / 4,
    Math.abs(a.length - b.length) / 4,
    a[0] === b[0] ? 1 : 0,
  ];
}

const x = tf.tensor2d(train.map(features));
const y = tf.tensor2d(train.map((row) => [Number(row.relatedness_score)]));
const seed = runSeed();
const w1 = tf.variable(tf.randomNormal([x.shape[1], 32], 0, 0.3, "float32", seed + 1));
const b1 = tf.variable(tf.zeros([32]));
const w2 = tf.variable(tf.randomNormal([32, 1], 0, 0.3, "float32", seed + 2));
const b2 = tf.variable(tf.fill([1], 3));
const predict = (inputs: typeof x) => inputs.matMul(w1).add(b1).relu().matMul(w2).add(b2);
const optimizer = tf.train.adam(0.02);
for (let step = 0; step < 600; step++)
  optimizer.minimize(() => tf.losses.meanSquaredError(y, predict(x)) as never);

const scores = (await predict(tf.tensor2d(test.map(features))).array()) as number[][];
await writeSubmission(
  scores.map(([score]) => ({ relatedness_score: score })),
  ["relatedness_score"],
);

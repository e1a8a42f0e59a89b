/**
 * Reference solution: BM25 over split identifiers, plus a query-word x code-token weight matrix
 * learned with TensorFlow.js from the training pairs (softmax over the training corpus), so that
 * synonyms and abbreviations ("settings" ~ `cfg`) match. Ranks the whole test corpus.
 */
import type { Scalar, Tensor2D } from "@tensorflow/tfjs";
import { loadTf, type Row, readSplit, runSeed, writeSubmission } from "hyperagents/solution";

const { tf } = await loadTf();
const train = await readSplit("train");
const test = await readSplit("test");

const QUERY_STOP = new Set(
  "the a all entries and return it helper to for given input this function will every list of objects".split(
    " ",
  ),
);
const CODE_STOP = new Set("def func arg return if not none for in self is true logger debug s".split(" "));
const queryTokens = (row: Row): string[] =>
  (
    String(row.query)
      .toLowerCase()
      .match(/[a-z]+/g) ?? []
  ).filter((word) => !QUERY_STOP.has(word));
const codeTokens = (row: Row): string[] =>
  (String(row.code).match(/[A-Za-z]+/g) ?? [])
    .flatMap((word) => word.split(/(?=[A-Z])/))
    .map((word) => word.toLowerCase())
    .filter((word) => !CODE_STOP.has(word));

function bm25(queries: string[][], docs: string[][]): number[][] {
  const df = new Map<string, number>();
  for (const doc of docs) for (const t of new Set(doc)) df.set(t, (df.get(t) ?? 0) + 1);
  const avg = docs.reduce((s, d) => s + d.length, 0) / docs.length;
  const tfs = docs.map((doc) =>
    doc.reduce((m, t) => m.set(t, (m.get(t) ?? 0) + 1), new Map<string, number>()),
  );
  return queries.map((query) =>
    docs.map((doc, j) => {
      let score = 0;
      for (const t of query) {
        const f = tfs[j]!.get(t) ?? 0;
        const n = df.get(t) ?? 0;
        const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
        score += (idf * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * doc.length) / avg));
      }
      return score;
    }),
  );
}

const index = (lists: string[][]): Map<string, number> => {
  const map = new Map<string, number>();
  for (const list of lists) for (const t of list) if (!map.has(t)) map.set(t, map.size);
  return map;
};
const bag = (lists: string[][], vocab: Map<string, number>) => {
  const x = new Float32Array(lists.length * vocab.size);
  lists.forEach((list, i) => {
    for (const t of list) {
      const j = vocab.get(t);
      if (j !== undefined) x[i * vocab.size + j] = (x[i * vocab.size + j] ?? 0) + 1 / Math.sqrt(list.length);
    }
  });
  return tf.tensor2d(x, [lists.length, vocab.size]);
};

// Training pairs: row i's query describes the corpus entry whose code_id is row i's `id`.
const codeOf = new Map(train.map((row) => [Number(row.code_id), codeTokens(row)]));
const pairs = train.map((row) => ({ query: queryTokens(row), code: codeOf.get(Number(row.id))! }));
const qVocab = index(pairs.map((pair) => pair.query));
const cVocab = index(pairs.map((pair) => pair.code));

// Fixed batches of 200 pairs (a seeded shuffle): each query against its batch's codes.
let state = runSeed() + 1;
const random = (): number => {
  state = (state * 16807) % 2147483647;
  return state / 2147483647;
};
const order = pairs
  .map((_, i) => i)
  .map((i) => [random(), i] as const)
  .sort((a, b) => a[0] - b[0]);
const batches: { q: Tensor2D; c: Tensor2D; bm: Tensor2D }[] = [];
for (let start = 0; start < order.length; start += 200) {
  const chosen = order.slice(start, start + 200).map(([, i]) => pairs[i]!);
  const queries = chosen.map((pair) => pair.query);
  const codes = chosen.map((pair) => pair.code);
  batches.push({ q: bag(queries, qVocab), c: bag(codes, cVocab), bm: tf.tensor2d(bm25(queries, codes)) });
}
const w = tf.variable(tf.zeros([qVocab.size, cVocab.size]));
const gamma = tf.variable(tf.scalar(0.5));
const optimizer = tf.train.adam(0.05);
for (let epoch = 0; epoch < 15; epoch++) {
  for (const batch of batches) {
    optimizer.minimize(() => {
      const logits = batch.q.matMul(w).matMul(batch.c, false, true).add(batch.bm.mul(gamma));
      const targets = tf.eye(logits.shape[0]);
      return tf.losses.softmaxCrossEntropy(targets, logits).add(w.square().sum().mul(1e-5)) as Scalar;
    });
  }
}

const testQ = test.map(queryTokens);
const testC = test.map(codeTokens);
const scores = bag(testQ, qVocab)
  .matMul(w)
  .matMul(bag(testC, cVocab), false, true)
  .add(tf.tensor2d(bm25(testQ, testC)).mul(gamma));
const table = (await scores.array()) as number[][];
const ids = test.map((row) => Number(row.code_id));
await writeSubmission(
  test.map((row, i) => ({
    query: row.query,
    rankings: ids
      .map((id, j) => [id, table[i]![j]!] as const)
      .sort((a, b) => b[1] - a[1])
      .map(([id]) => id),
  })),
  ["query", "rankings"],
);

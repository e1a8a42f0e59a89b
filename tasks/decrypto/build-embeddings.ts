/**
 * Offline word embeddings from WordNet: each synset is a small document (its lemmas, its gloss,
 * the lemmas of its hypernyms and of related synsets); word × context co-occurrence counts are
 * PPMI-weighted and reduced by a randomised truncated SVD on the TensorFlow.js backend.
 */
import type { Tensor2D } from "@tensorflow/tfjs";
import { loadTensorFlow, type TF } from "../../sdk/numeric/index.js";
import { createEmbeddings, type Embeddings, tokenize } from "./embeddings.js";
import { keywordList } from "./keywords.js";
import { cholesky, invertTransposedLower, symmetricEigen } from "./linalg.js";
import type { ProgressFn } from "./progress.js";
import { readWordNet, type Synset } from "./wordnet.js";

export interface EmbeddingBuildOptions {
  /** Rows: the keywords plus this many of the most frequent single-word WordNet lemmas. */
  vocabularySize?: number;
  /** Columns: this many of the most frequent context words. */
  contextSize?: number;
  dim?: number;
  /** Power iterations of the randomised SVD. */
  powerIterations?: number;
  seed?: number;
  /** Words that must be rows whatever their frequency (tests use this to keep a tiny vocabulary). */
  extraWords?: readonly string[];
  progress?: ProgressFn;
}

export const DEFAULT_BUILD: Required<Omit<EmbeddingBuildOptions, "progress">> = {
  vocabularySize: 15000,
  contextSize: 3000,
  dim: 100,
  powerIterations: 2,
  seed: 7,
  extraWords: [],
};

const STOPWORDS = new Set(
  "a an the of and or in on at to for from by with without as is are was were be been being it its this that these those which who whom whose what when where how than then there their them they he she his her him you your we our us not no nor but if so such any all some each other another into onto out over under up down about after before between through during more most less least very can could may might must shall should will would do does did done has have had having one two used use using especially usually often etc e g i also something someone esp make made".split(
    " ",
  ),
);
// Pointers whose targets' lemmas join a synset's document: hypernyms, similar-to, derivation,
// member/part/substance holonyms and meronyms, attributes, pertainyms.
const RELATED = new Set(["@", "@i", "&", "+", "#m", "#p", "#s", "%m", "%p", "%s", "=", "\\"]);

function documentOf(s: Synset, synsets: Map<string, Synset>): string[] {
  const words: string[] = [];
  for (const w of s.words) words.push(...tokenize(w));
  for (const p of s.pointers) {
    if (!RELATED.has(p.symbol)) continue;
    const t = synsets.get(p.target);
    if (t !== undefined) for (const w of t.words) words.push(...tokenize(w));
  }
  words.push(...tokenize(s.gloss));
  return [...new Set(words.filter((w) => w.length >= 2 && !STOPWORDS.has(w)))];
}

export interface CooccurrenceMatrix {
  rows: string[];
  cols: number;
  /** Row-major rows.length × cols PPMI values. */
  ppmi: Float32Array;
}

/** Counts co-occurrence in synset documents and turns it into PPMI (context smoothing 0.75). */
export async function buildPpmi(options: EmbeddingBuildOptions = {}): Promise<CooccurrenceMatrix> {
  const o = { ...DEFAULT_BUILD, ...options };
  const progress = options.progress ?? (() => {});
  progress("reading WordNet", 0);
  const wn = await readWordNet();
  progress("reading WordNet", 0.15);
  const docs: string[][] = [];
  const freq = new Map<string, number>();
  for (const s of wn.synsets.values()) {
    const doc = documentOf(s, wn.synsets);
    docs.push(doc);
    for (const w of doc) freq.set(w, (freq.get(w) ?? 0) + 1);
  }
  const lemmaCount = new Map<string, number>();
  for (const e of wn.index) {
    if (/^[a-z]{3,}$/.test(e.lemma) && !STOPWORDS.has(e.lemma)) {
      lemmaCount.set(e.lemma, (lemmaCount.get(e.lemma) ?? 0) + e.senseCount + 2 * e.taggedSenseCount);
    }
  }
  const byFreq = (a: string, b: string) => (freq.get(b) ?? 0) - (freq.get(a) ?? 0) || a.localeCompare(b);
  const keywords = [...keywordList(), ...o.extraWords].filter((k) => freq.has(k));
  const rowSet = new Set(keywords);
  const rankedLemmas = [...lemmaCount.keys()].filter((w) => (freq.get(w) ?? 0) >= 2).sort(byFreq);
  for (const w of rankedLemmas) {
    if (rowSet.size >= o.vocabularySize + keywords.length) break;
    rowSet.add(w);
  }
  const rows = [...rowSet].sort();
  const rowIndex = new Map(rows.map((w, i) => [w, i]));
  const contexts = [...freq.keys()].sort(byFreq).slice(0, o.contextSize);
  const colIndex = new Map(contexts.map((w, i) => [w, i]));
  const C = contexts.length;
  const counts = new Float32Array(rows.length * C);
  progress("counting co-occurrences", 0.2);
  for (const doc of docs) {
    const cols = doc.flatMap((w) => (colIndex.has(w) ? [colIndex.get(w) as number] : []));
    for (const w of doc) {
      const r = rowIndex.get(w);
      if (r === undefined) continue;
      const self = colIndex.get(w);
      const base = r * C;
      for (const c of cols) if (c !== self) counts[base + c] = (counts[base + c] ?? 0) + 1;
    }
  }
  progress("weighting (PPMI)", 0.3);
  const rowSum = new Float64Array(rows.length);
  const colSum = new Float64Array(C);
  let total = 0;
  for (let r = 0; r < rows.length; r++) {
    for (let c = 0; c < C; c++) {
      const x = counts[r * C + c] ?? 0;
      rowSum[r] = (rowSum[r] ?? 0) + x;
      colSum[c] = (colSum[c] ?? 0) + x;
      total += x;
    }
  }
  let smoothTotal = 0;
  const colSmooth = colSum.map((x) => x ** 0.75);
  for (const x of colSmooth) smoothTotal += x;
  for (let r = 0; r < rows.length; r++) {
    const pr = (rowSum[r] ?? 0) / total;
    for (let c = 0; c < C; c++) {
      const i = r * C + c;
      const x = counts[i] ?? 0;
      if (x === 0) continue;
      const pmi = Math.log(x / total / (pr * ((colSmooth[c] ?? 0) / smoothTotal)));
      counts[i] = Math.max(pmi, 0);
    }
  }
  return { rows, cols: C, ppmi: counts };
}

/** Orthonormal columns spanning Y (CholeskyQR, twice for stability). */
function orthonormalise(tf: TF, y: Tensor2D): Tensor2D {
  let q = y;
  for (let pass = 0; pass < 2; pass++) {
    const l = q.shape[1];
    // wasm's matMul is ~15x slower with transposeA, so transpose explicitly.
    const gram = tf.tidy(() => tf.matMul(tf.transpose(q), q)) as Tensor2D;
    const g = Float64Array.from(gram.dataSync());
    gram.dispose();
    let trace = 0;
    for (let i = 0; i < l; i++) trace += g[i * l + i] ?? 0;
    const rInv = invertTransposedLower(cholesky(g, l, 1e-10 * (trace / l + 1e-30)), l);
    const next = tf.tidy(() => tf.matMul(q, tf.tensor2d(Float32Array.from(rInv), [l, l]))) as Tensor2D;
    if (q !== y) q.dispose();
    q = next;
  }
  return q;
}

/** Top-`dim` left singular vectors scaled by sqrt(singular value), by randomised SVD. */
export async function truncatedSvd(
  tf: TF,
  matrix: Float32Array,
  rows: number,
  cols: number,
  options: { dim: number; powerIterations: number; seed: number; progress?: ProgressFn },
): Promise<Float32Array> {
  const progress = options.progress ?? (() => {});
  const l = Math.min(options.dim + 16, cols, rows);
  const a = tf.tensor2d(matrix, [rows, cols]);
  // An explicit transpose: the wasm backend's matMul is an order of magnitude slower with transposeA.
  const at = tf.transpose(a) as Tensor2D;
  try {
    const omega = tf.randomNormal([cols, l], 0, 1, "float32", options.seed) as Tensor2D;
    const y0 = tf.matMul(a, omega) as Tensor2D;
    omega.dispose();
    let q = orthonormalise(tf, y0);
    y0.dispose();
    for (let it = 0; it < options.powerIterations; it++) {
      progress("truncated SVD", 0.4 + (0.5 * it) / Math.max(1, options.powerIterations));
      const z0 = tf.matMul(at, q) as Tensor2D;
      q.dispose();
      const z = orthonormalise(tf, z0);
      z0.dispose();
      const y = tf.matMul(a, z) as Tensor2D;
      z.dispose();
      q = orthonormalise(tf, y);
      y.dispose();
    }
    // B = Qᵀ A, and B Bᵀ = (Aᵀ Q)ᵀ (Aᵀ Q).
    const bt = tf.matMul(at, q) as Tensor2D;
    const bbt = tf.tidy(() => tf.matMul(tf.transpose(bt), bt));
    bt.dispose();
    const { values, vectors } = symmetricEigen(Float64Array.from(bbt.dataSync()), l);
    bbt.dispose();
    // U = Q W; scale column j by sigma_j^0.5 = lambda_j^0.25 (a common choice for word similarity).
    const d = options.dim;
    const w = new Float32Array(l * d);
    for (let i = 0; i < l; i++)
      for (let j = 0; j < d; j++)
        w[i * d + j] = (vectors[i * l + j] ?? 0) * Math.max(values[j] ?? 0, 0) ** 0.25;
    const u = tf.tidy(() => tf.matMul(q, tf.tensor2d(w, [l, d])));
    q.dispose();
    const out = (await u.data()) as Float32Array;
    u.dispose();
    return out;
  } finally {
    a.dispose();
    at.dispose();
  }
}

export interface BuiltEmbeddings {
  embeddings: Embeddings;
  backend: string;
  seconds: number;
}

export async function buildEmbeddings(options: EmbeddingBuildOptions = {}): Promise<BuiltEmbeddings> {
  const start = performance.now();
  const o = { ...DEFAULT_BUILD, ...options };
  const progress = options.progress ?? (() => {});
  const m = await buildPpmi(options);
  progress("truncated SVD", 0.4);
  const { tf, backend } = await loadTensorFlow();
  const u = await truncatedSvd(tf, m.ppmi, m.rows.length, m.cols, {
    dim: o.dim,
    powerIterations: o.powerIterations,
    seed: o.seed,
    progress,
  });
  for (let r = 0; r < m.rows.length; r++) {
    let n = 0;
    for (let k = 0; k < o.dim; k++) n += (u[r * o.dim + k] ?? 0) ** 2;
    n = Math.sqrt(n) || 1;
    for (let k = 0; k < o.dim; k++) u[r * o.dim + k] = (u[r * o.dim + k] ?? 0) / n;
  }
  progress("done", 1);
  return {
    embeddings: createEmbeddings(m.rows, o.dim, u),
    backend,
    seconds: (performance.now() - start) / 1000,
  };
}

/** Word vectors (unit length) and the similarity queries the embedding players need. */

export interface Embeddings {
  readonly words: readonly string[];
  readonly dim: number;
  /** Row-major words.length × dim, each row of unit length. */
  readonly vectors: Float32Array;
  readonly index: ReadonlyMap<string, number>;
}

export function createEmbeddings(words: readonly string[], dim: number, vectors: Float32Array): Embeddings {
  const index = new Map<string, number>();
  words.forEach((w, i) => {
    index.set(w, i);
  });
  return { words, dim, vectors, index };
}

/** Lower-cased alphabetic tokens of a hint or gloss. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+/g) ?? [];
}

/** A word or a phrase as a unit vector (mean of its known tokens); zeros when nothing is known. */
export function embedText(e: Embeddings, text: string): Float32Array {
  const out = new Float32Array(e.dim);
  const direct = e.index.get(text.toLowerCase().trim());
  const rows =
    direct !== undefined
      ? [direct]
      : tokenize(text).flatMap((t) => (e.index.has(t) ? [e.index.get(t) as number] : []));
  for (const r of rows)
    for (let k = 0; k < e.dim; k++) out[k] = (out[k] ?? 0) + (e.vectors[r * e.dim + k] ?? 0);
  return normalise(out);
}

export function normalise(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  if (n > 0) for (let k = 0; k < v.length; k++) v[k] = (v[k] ?? 0) / n;
  return v;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] ?? 0) * (b[k] ?? 0);
  return s;
}

/** Cosine similarity of two words or phrases (0 when either is unknown). */
export function similarity(e: Embeddings, a: string, b: string): number {
  return dot(embedText(e, a), embedText(e, b));
}

/** The k vocabulary words most similar to a vector, best first, skipping those `exclude` rejects. */
export function nearest(
  e: Embeddings,
  v: Float32Array,
  k: number,
  exclude?: (word: string) => boolean,
): { word: string; similarity: number }[] {
  // A bounded sorted list: one pass over the vocabulary, no full sort (k is small).
  const best: { word: string; similarity: number }[] = [];
  const n = e.words.length;
  for (let r = 0; r < n; r++) {
    let s = 0;
    const base = r * e.dim;
    for (let d = 0; d < e.dim; d++) s += (e.vectors[base + d] ?? 0) * (v[d] ?? 0);
    if (best.length >= k && s <= (best[best.length - 1]?.similarity ?? Number.NEGATIVE_INFINITY)) continue;
    const word = e.words[r] as string;
    if (exclude?.(word)) continue;
    let i = best.length;
    while (i > 0 && (best[i - 1]?.similarity ?? 0) < s) i--;
    best.splice(i, 0, { word, similarity: s });
    if (best.length > k) best.pop();
  }
  return best;
}

/** A crude stem: enough to stop "boats" hinting "boat" or "baker" hinting "bake". */
export function stem(word: string): string {
  const w = word.toLowerCase();
  for (const suffix of ["ing", "ers", "er", "ed", "es", "s", "y", "e"]) {
    if (w.length - suffix.length >= 3 && w.endsWith(suffix)) return w.slice(0, -suffix.length);
  }
  return w;
}

/** Whether a hint gives a keyword away: the word itself, a shared stem, or one containing the other. */
export function sharesStem(hint: string, keyword: string): boolean {
  const h = hint.toLowerCase();
  const k = keyword.toLowerCase();
  if (h === k || stem(h) === stem(k)) return true;
  return (k.length >= 4 && h.includes(k)) || (h.length >= 4 && k.includes(h));
}

/**
 * Ranking for retrieval tasks (MRR): BM25 over identifier-split tokens, with each query word
 * expanded by the document tokens it co-occurs with in the training pairs (a query says
 * "settings" where the code says "cfg"). Copied into solutions by source text (template.ts).
 */

export interface RankOptions {
  k1: number;
  b: number;
  /** Document tokens added per query word. */
  expansionTerms: number;
  /** Weight of an added token relative to a query word. */
  expansionWeight: number;
  /** Ids listed per query. */
  topK: number;
}

/** Lowercase tokens, identifiers split at underscores and camelCase humps. */
export function codeTokens(text: unknown): string[] {
  return (
    String(text ?? "")
      .replace(/([a-z])([A-Z])/g, "$1 $2")
      .toLowerCase()
      .match(/[a-z]+|\d+/g) ?? []
  );
}

/** For each query word, the document tokens most associated with it (positive PMI) in training pairs. */
export function expansions(pairs: { query: string[]; doc: string[] }[], terms: number) {
  const qCount = new Map<string, number>();
  const dCount = new Map<string, number>();
  const joint = new Map<string, Map<string, number>>();
  for (const { query, doc } of pairs) {
    const ds = new Set(doc);
    for (const t of ds) dCount.set(t, (dCount.get(t) ?? 0) + 1);
    for (const q of new Set(query)) {
      qCount.set(q, (qCount.get(q) ?? 0) + 1);
      const row = joint.get(q) ?? new Map<string, number>();
      for (const t of ds) row.set(t, (row.get(t) ?? 0) + 1);
      joint.set(q, row);
    }
  }
  const out = new Map<string, string[]>();
  for (const [q, row] of joint) {
    const scored = [...row.entries()]
      .filter(([, c]) => c >= 2)
      .map(([t, c]) => ({ t, pmi: Math.log((c * pairs.length) / (qCount.get(q)! * dCount.get(t)!)) }))
      .filter((s) => s.pmi > 0)
      .sort((a, b) => b.pmi - a.pmi)
      .slice(0, terms);
    out.set(
      q,
      scored.map((s) => s.t),
    );
  }
  return out;
}

/** BM25 scores of every document for one weighted query. */
export function bm25Scores(
  docs: { tf: Map<string, number>; length: number }[],
  df: Map<string, number>,
  query: Map<string, number>,
  o: RankOptions,
): number[] {
  const avg = docs.reduce((a, d) => a + d.length, 0) / Math.max(1, docs.length);
  return docs.map((doc) => {
    let score = 0;
    for (const [term, weight] of query) {
      const f = doc.tf.get(term);
      if (!f) continue;
      const idf = Math.log(1 + (docs.length - df.get(term)! + 0.5) / (df.get(term)! + 0.5));
      score += weight * idf * ((f * (o.k1 + 1)) / (f + o.k1 * (1 - o.b + (o.b * doc.length) / avg)));
    }
    return score;
  });
}

/** Ranked document ids for each query. */
export function rankAll(
  corpus: { id: unknown; text: unknown }[],
  queries: unknown[],
  training: { query: unknown; doc: unknown }[],
  o: RankOptions,
): unknown[][] {
  const docs = corpus.map((c) => {
    const toks = codeTokens(c.text);
    const tf = new Map<string, number>();
    for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1);
    return { tf, length: toks.length };
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const t of d.tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const expand = expansions(
    training.map((p) => ({ query: codeTokens(p.query), doc: codeTokens(p.doc) })),
    Math.round(o.expansionTerms),
  );
  return queries.map((q) => {
    const weights = new Map<string, number>();
    for (const word of codeTokens(q)) {
      weights.set(word, (weights.get(word) ?? 0) + 1);
      for (const t of expand.get(word) ?? []) weights.set(t, (weights.get(t) ?? 0) + o.expansionWeight);
    }
    const scores = bm25Scores(docs, df, weights, o);
    return corpus
      .map((c, i) => ({ id: c.id, s: scores[i]! }))
      .sort((a, b) => b.s - a.s)
      .slice(0, Math.max(1, Math.round(o.topK)))
      .map((r) => r.id);
  });
}

/**
 * One row to one numeric vector, by the spec fitFeatures learned. Copied into solutions by source
 * text (template.ts): self-contained apart from other solution/ functions.
 */
import { type FeatureColumn, type FeatureSpec, numbersOf, pairDistances, tokens } from "./featurize.js";

/** Length, mean, spread, range, then per-category counts or a histogram. */
export function listFeatures(xs: number[], col: FeatureColumn, bins: number): number[] {
  const n = xs.length;
  const mean = n ? xs.reduce((a, b) => a + b, 0) / n : 0;
  const std = n ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n) : 0;
  const out = [n, mean, std, n ? Math.min(...xs) : 0, n ? Math.max(...xs) : 0];
  if (col.values.length > 0) {
    for (const v of col.values) out.push(xs.filter((x) => x === v).length);
    return out;
  }
  const hist = new Array<number>(bins).fill(0);
  const span = col.hi - col.lo || 1;
  for (const x of xs) hist[Math.min(bins - 1, Math.max(0, Math.floor(((x - col.lo) / span) * bins)))]! += 1;
  return [...out, ...hist.map((h) => h / Math.max(1, n))];
}

/** Gaussian radial-basis histogram of the pairwise distances, per unordered pair of categories. */
export function pointFeatures(row: Record<string, unknown>, col: FeatureColumn, spec: FeatureSpec): number[] {
  const points = row[col.name] as number[][];
  const siblingCol = spec.columns.find((c) => c.name === col.sibling);
  const types = siblingCol ? numbersOf(row[siblingCol.name]).map((t) => siblingCol.values.indexOf(t)) : [];
  const k = Math.max(1, siblingCol?.values.length ?? 1);
  const m = Math.max(2, spec.options.distanceCentres);
  const step = (col.hi - col.lo) / (m - 1);
  const width = Math.max(1e-6, step * spec.options.distanceWidth);
  const pairs = (k * (k + 1)) / 2;
  const out = new Array<number>(pairs * m).fill(0);
  for (const { i, j, d } of pairDistances(points)) {
    const a = Math.max(0, types[i] ?? 0);
    const b = Math.max(0, types[j] ?? 0);
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const base = (lo * k - (lo * (lo - 1)) / 2 + (hi - lo)) * m;
    for (let c = 0; c < m; c++) out[base + c]! += Math.exp(-(((d - (col.lo + c * step)) / width) ** 2));
  }
  return [points.length, ...out];
}

/** Counts from an edge list: size, degrees, cycle rank, and node type x degree / valence counts. */
export function edgeFeatures(row: Record<string, unknown>, col: FeatureColumn, spec: FeatureSpec): number[] {
  const [src, dst] = row[col.name] as number[][];
  const nodeCol = spec.columns.find((c) => c.name === col.sibling);
  const edgeCol = spec.columns.find((c) => c.name === col.edgeSibling);
  const nodeTypes = nodeCol ? numbersOf(row[nodeCol.name]).map((t) => nodeCol.values.indexOf(t)) : [];
  const edgeTypes = edgeCol ? numbersOf(row[edgeCol.name]) : [];
  const n = Math.max(nodeTypes.length, Math.max(-1, ...src!, ...dst!) + 1);
  const degree = new Array<number>(n).fill(0);
  const valence = new Array<number>(n).fill(0);
  src!.forEach((s, e) => {
    degree[s]! += 1;
    valence[s]! += edgeTypes[e] ?? 1;
  });
  const undirected = src!.length / 2;
  const types = Math.max(1, nodeCol?.values.length ?? 1);
  const byDegree = new Array<number>(types * 7).fill(0);
  const byValence = new Array<number>(types * 7).fill(0);
  for (let v = 0; v < n; v++) {
    const t = Math.max(0, nodeTypes[v] ?? 0);
    byDegree[t * 7 + Math.min(6, degree[v]!)]! += 1;
    byValence[t * 7 + Math.min(6, Math.round(valence[v]!))]! += 1;
  }
  return [n, undirected, undirected - n + 1, undirected / Math.max(1, n), ...byDegree, ...byValence];
}

/** Overlap features of two texts: Jaccard, one-sided differences, in-order agreement. */
export function pairTextFeatures(a: string[], b: string[]): number[] {
  const sa = new Set(a);
  const sb = new Set(b);
  const shared = [...sa].filter((w) => sb.has(w)).length;
  // Longest common subsequence of the word sequences: word order (who did what to whom).
  const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      dp[i]![j] = a[i - 1] === b[j - 1] ? dp[i - 1]![j - 1]! + 1 : Math.max(dp[i - 1]![j]!, dp[i]![j - 1]!);
  const lcs = dp[a.length]![b.length]!;
  return [
    shared / Math.max(1, sa.size + sb.size - shared),
    sa.size - shared,
    sb.size - shared,
    lcs / Math.max(1, Math.max(a.length, b.length)),
    Math.abs(a.length - b.length),
  ];
}

/** The feature vector of one row. */
export function rowFeatures(row: Record<string, unknown>, spec: FeatureSpec): number[] {
  const out: number[] = [];
  for (const col of spec.columns) {
    const value = row[col.name];
    if (col.kind === "number") out.push(Number(value) || 0);
    else if (col.kind === "numbers" || col.kind === "nested")
      out.push(...listFeatures(numbersOf(value), col, spec.options.histogramBins));
    else if (col.kind === "points") out.push(...pointFeatures(row, col, spec));
    else if (col.kind === "edges") out.push(...edgeFeatures(row, col, spec));
  }
  spec.index ??= new Map(spec.vocabulary.map((t, i) => [t, i]));
  const index = spec.index;
  const texts = spec.textColumns.map((name) => tokens(row[name], spec.options));
  if (texts.length >= 2) {
    const words = (ts: string[]) => ts.filter((t) => !t.includes("_"));
    out.push(...pairTextFeatures(words(texts[0]!), words(texts[1]!)));
    // Words in one text but not the other: what a rewrite changed.
    const diff = new Array<number>(spec.vocabulary.length).fill(0);
    const inA = new Set(texts[0]);
    const inB = new Set(texts[1]);
    for (const t of [...inA].filter((w) => !inB.has(w)).concat([...inB].filter((w) => !inA.has(w)))) {
      const i = index.get(t);
      if (i !== undefined) diff[i] = 1;
    }
    out.push(...diff);
  } else if (texts.length === 1) {
    const bag = new Array<number>(spec.vocabulary.length).fill(0);
    for (const t of texts[0]!) {
      const i = index.get(t);
      if (i !== undefined) bag[i] = 1;
    }
    out.push(texts[0]!.length, ...bag);
  }
  return out;
}

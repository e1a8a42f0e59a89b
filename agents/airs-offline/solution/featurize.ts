/**
 * Generic featurisers that run inside a solution script: they look at the training rows to see
 * what each column holds (numbers, numeric lists, 3-D point lists, edge lists, text) and turn
 * every row into a fixed-length numeric vector. These functions are copied into the solution by
 * their source text (template.ts), so each one is self-contained: it calls only other functions
 * of solution/ and touches no module-level constant.
 */

/** What the featuriser learned from the training rows (plain JSON). */
export interface FeatureSpec {
  columns: FeatureColumn[];
  vocabulary: string[];
  textColumns: string[];
  options: FeatureOptions;
  /** Vocabulary positions, built on first use. */
  index?: Map<string, number>;
}

/** One input column: its kind, range, category values and the category lists that go with it. */
export interface FeatureColumn {
  name: string;
  kind: string;
  lo: number;
  hi: number;
  values: number[];
  /** Per point / per node categories (atom types). */
  sibling: string;
  /** Per edge categories (bond orders). */
  edgeSibling: string;
}

export interface FeatureOptions {
  /** Bins of a numeric list's histogram. */
  histogramBins: number;
  /** Radial-basis centres of a point list's pairwise-distance histogram. */
  distanceCentres: number;
  /** Width of each centre, in units of the spacing between centres. */
  distanceWidth: number;
  /** Quantile of the sampled distances where the last centre sits. */
  distanceQuantile: number;
  /** Words (and word pairs) kept in the text vocabulary, most frequent first. */
  maxVocabulary: number;
  bigrams: boolean;
  /** Replace every number in text by one token. */
  maskNumbers: boolean;
}

/** The kind of one column, from a sample of its values. */
export function columnKind(values: unknown[]): string {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0) return "skip";
  const isNum = (v: unknown) =>
    typeof v === "number" || (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)));
  if (present.every(isNum)) return "number";
  if (present.every((v) => typeof v === "string")) {
    const distinct = new Set(present).size === present.length;
    return distinct && present.every((v) => !/\s/.test(v as string)) ? "skip" : "text";
  }
  if (!present.every(Array.isArray)) return "skip";
  const lists = present as unknown[][];
  const flat = lists.flat();
  if (flat.every((v) => typeof v === "number")) return "numbers";
  const isPairOfIntLists = (l: unknown[]) =>
    l.length === 2 &&
    Array.isArray(l[0]) &&
    Array.isArray(l[1]) &&
    (l[0] as unknown[]).length === (l[1] as unknown[]).length &&
    (l[0] as unknown[]).every((v) => Number.isInteger(v));
  if (lists.every(isPairOfIntLists)) return "edges";
  if (flat.every((v) => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === "number"))) {
    return "points";
  }
  if (flat.every((v) => Array.isArray(v) && v.length === 1 && typeof v[0] === "number")) return "nested";
  return "skip";
}

/** A column's numbers, flattened (a list of one-element lists counts as a list). */
export function numbersOf(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  return value.map((v) => Number(Array.isArray(v) ? v[0] : v));
}

/** Lowercase words, numbers masked or kept, plus word pairs. */
export function tokens(text: unknown, options: FeatureOptions): string[] {
  let s = String(text ?? "").toLowerCase();
  if (options.maskNumbers) s = s.replace(/\d+(\.\d+)?/g, " 0 ");
  const words = s.match(/[a-z0-9]+/g) ?? [];
  if (!options.bigrams) return words;
  return [...words, ...words.slice(1).map((w, i) => `${words[i]}_${w}`)];
}

/** Pairwise distances between the points of one row. */
export function pairDistances(points: number[][]): { i: number; j: number; d: number }[] {
  const out: { i: number; j: number; d: number }[] = [];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const p = points[i]!;
      const q = points[j]!;
      out.push({ i, j, d: Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!, p[2]! - q[2]!) });
    }
  }
  return out;
}

/** Learns the column kinds, ranges, category values and text vocabulary from training rows. */
export function fitFeatures(rows: Record<string, unknown>[], exclude: string[], options: FeatureOptions) {
  const sample = rows.slice(0, 300);
  const names = Object.keys(rows[0] ?? {}).filter((name) => !exclude.includes(name));
  const spec: FeatureSpec = { columns: [], vocabulary: [], textColumns: [], options };
  for (const name of names) {
    const kind = columnKind(sample.map((row) => row[name]));
    if (kind === "skip") continue;
    if (kind === "text") {
      spec.textColumns.push(name);
      continue;
    }
    let lo = 0;
    let hi = 1;
    let values: number[] = [];
    if (kind === "numbers" || kind === "nested") {
      const flat = sample.flatMap((row) => numbersOf(row[name]));
      const distinct = [...new Set(flat)].sort((a, b) => a - b);
      if (distinct.length <= 12 && distinct.every((v) => Number.isInteger(v))) values = distinct;
      lo = Math.min(...flat);
      hi = Math.max(...flat);
    }
    if (kind === "points") {
      const ds = sample
        .slice(0, 100)
        .flatMap((row) => pairDistances(row[name] as number[][]).map((p) => p.d))
        .sort((a, b) => a - b);
      lo = ds[0] ?? 0;
      hi = ds[Math.min(ds.length - 1, Math.floor(options.distanceQuantile * ds.length))] ?? 1;
    }
    spec.columns.push({ name, kind, lo, hi, values, sibling: "", edgeSibling: "" });
  }
  // A per-item category list beside points (atom types) or edges (node types, bond orders).
  for (const col of spec.columns) {
    if (col.kind !== "points" && col.kind !== "edges") continue;
    const items = (row: Record<string, unknown>) => {
      const value = row[col.name] as unknown[][];
      return col.kind === "points" ? value.length : Math.max(-1, ...(value.flat() as number[])) + 1;
    };
    const edges = (row: Record<string, unknown>) => (row[col.name] as unknown[][])[0]!.length;
    const categorical = spec.columns.filter((other) => other.values.length > 0);
    const matches = (other: FeatureColumn, size: (row: Record<string, unknown>) => number) =>
      sample.slice(0, 50).every((row) => numbersOf(row[other.name]).length === size(row));
    col.sibling = categorical.find((other) => matches(other, items))?.name ?? "";
    if (col.kind === "edges")
      col.edgeSibling = categorical.find((other) => matches(other, edges))?.name ?? "";
  }
  if (spec.textColumns.length > 0 && options.maxVocabulary > 0) {
    const counts = new Map<string, number>();
    for (const row of rows)
      for (const name of spec.textColumns)
        for (const t of tokens(row[name], options)) counts.set(t, (counts.get(t) ?? 0) + 1);
    spec.vocabulary = [...counts.entries()]
      .filter(([, c]) => c >= 2)
      .sort((a, b) => b[1] - a[1])
      .slice(0, options.maxVocabulary)
      .map(([t]) => t);
  }
  return spec;
}

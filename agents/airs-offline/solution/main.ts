/**
 * The solution's entry: reads the splits, picks the template by what the data holds (a list-valued
 * target is a forecast, whatever the task agent asked), predicts one value per test row and writes
 * the submission. Copied into solutions by source text (template.ts).
 */
import { type FeatureOptions, fitFeatures } from "./featurize.js";
import { rowFeatures } from "./featurize_row.js";
import { type ForecastOptions, forecastAll } from "./forecast.js";
import {
  knnPredict,
  linearPredict,
  mlpFitPredict,
  ridgeFit,
  softmaxFitPredict,
  standardize,
} from "./models.js";
import { type RankOptions, rankAll } from "./rank.js";
import type { SolutionApi, Tf } from "./tf_types.js";

type Row = Record<string, unknown>;

/** Everything a filled template decides; the task agent writes it into the script as JSON. */
export interface SolutionConfig {
  /** The params group it came from (printed, so the meta agent can tell the kinds apart). */
  kind: string;
  target: string;
  /** Submission columns: a column the test rows have is copied, any other gets the prediction. */
  columns: string[];
  mode: string;
  model: string;
  useValidation: boolean;
  features: FeatureOptions;
  ridge: number;
  knn: number;
  mlp: { hidden: number; epochs: number; learningRate: number; l1: boolean };
  classifier: { epochs: number; learningRate: number; l2: number };
  forecast: ForecastOptions;
  rank: RankOptions;
}

/** Predicts a number per test row with the configured regression model. */
export function regress(tf: Tf, train: Row[], test: Row[], config: SolutionConfig): number[] {
  const y = train.map((row) => Number(row[config.target]));
  const mean = y.reduce((a, b) => a + b, 0) / Math.max(1, y.length);
  if (config.model === "mean") return test.map(() => mean);
  if (config.model === "median") {
    const sorted = [...y].sort((a, b) => a - b);
    return test.map(() => sorted[Math.floor(sorted.length / 2)] ?? 0);
  }
  const spec = fitFeatures(train, [config.target], config.features);
  const std = standardize(
    train.map((row) => rowFeatures(row, spec)),
    [test.map((row) => rowFeatures(row, spec))],
  );
  const data = {
    x: std.train,
    n: train.length,
    d: std.d,
    y: y.map((v) => v - mean),
    test: std.others[0]!,
    m: test.length,
  };
  let out: number[];
  if (config.model === "knn") out = knnPredict(tf, data, config.knn);
  else if (config.model === "mlp") out = mlpFitPredict(tf, data, { ...config.mlp, seed: 7 });
  else {
    const w = ridgeFit(
      tf,
      data.x,
      data.n,
      data.d,
      data.y.map((v) => [v]),
      config.ridge,
    );
    out = linearPredict(tf, data.test, data.m, data.d, w).map((r) => r[0]!);
  }
  return out.map((v) => v + mean);
}

/** Runs "number0 op number1 ..." on a problem's numbers; NaN when it does not parse. */
export function runEquation(equation: string, numbers: number[]): number {
  const expression = equation.replace(
    /number(\d+)/g,
    (_, i: string) => `(${numbers[Number(i)] ?? Number.NaN})`,
  );
  if (!/^[\d\s()+\-*/.NaN]*$/.test(expression)) return Number.NaN;
  try {
    return Number(Function(`return ${expression};`)());
  } catch {
    return Number.NaN;
  }
}

/**
 * Classifies each test row. When train holds an equation column the test lacks (math word
 * problems), the classes are equations, run on the row's numbers; otherwise the target's values.
 */
export function classify(tf: Tf, train: Row[], test: Row[], config: SolutionConfig): unknown[] {
  const first = train[0] ?? {};
  const aux = Object.keys(first).find(
    (k) => k !== config.target && !(k in (test[0] ?? {})) && /number\d/.test(String(first[k])),
  );
  const labelOf = (row: Row) => String(aux === undefined ? row[config.target] : row[aux]);
  const classes = [...new Set(train.map(labelOf))];
  const spec = fitFeatures(train, [config.target, ...(aux ? [aux] : [])], {
    ...config.features,
    maskNumbers: true,
  });
  const std = standardize(
    train.map((row) => rowFeatures(row, spec)),
    [test.map((row) => rowFeatures(row, spec))],
  );
  const probs = softmaxFitPredict(
    tf,
    {
      x: std.train,
      n: train.length,
      d: std.d,
      labels: train.map((row) => classes.indexOf(labelOf(row))),
      classes: classes.length,
      test: std.others[0]!,
      m: test.length,
    },
    config.classifier,
  );
  const numericLabels = train.every((row) => Number.isFinite(Number(row[config.target])));
  const wholeAnswers = train.every(
    (row) => Number.isInteger(Number(row[config.target])) && Number(row[config.target]) >= 0,
  );
  return test.map((row, i) => {
    const ranked = classes.map((c, k) => ({ c, p: probs[i]![k]! })).sort((a, b) => b.p - a.p);
    if (aux === undefined) return numericLabels ? Number(ranked[0]!.c) : ranked[0]!.c;
    const text = spec.textColumns.map((name) => String(row[name] ?? "")).join(" ");
    const numbers = (text.match(/\d+(\.\d+)?/g) ?? []).map(Number);
    for (const { c } of ranked) {
      const value = runEquation(c, numbers);
      if (Number.isFinite(value) && (!wholeAnswers || (Number.isInteger(value) && value >= 0))) return value;
    }
    return 0;
  });
}

/** Forecasts: each test row's history followed by its forecasts, as the target column holds them. */
export function forecast(tf: Tf, train: Row[], test: Row[], config: SolutionConfig): unknown[] {
  const first = train[0]!;
  const full = first[config.target] as number[];
  const input = Object.keys(test[0] ?? {}).find(
    (k) =>
      Array.isArray(test[0]![k]) && Array.isArray(first[k]) && (first[k] as unknown[]).length < full.length,
  );
  if (input === undefined)
    throw new Error(`no history column beside the list-valued target ${config.target}`);
  const horizon = full.length - (first[input] as unknown[]).length;
  const histories = train.map((row) => (row[config.target] as unknown[]).map(Number));
  const queries = test.map((row) => (row[input] as unknown[]).map(Number));
  const predicted = forecastAll(tf, histories, queries, horizon, config.forecast);
  return queries.map((q, i) => [...q, ...predicted[i]!.map((v) => Math.round(v * 1000) / 1000)]);
}

/** Rankings of the test corpus (the test rows' documents) for each test row's query. */
export function rank(train: Row[], test: Row[], config: SolutionConfig): unknown[] {
  const sample = test[0] ?? {};
  const textCols = Object.keys(sample).filter(
    (k) => typeof sample[k] === "string" && /\s/.test(String(sample[k])),
  );
  const avgLength = (k: string) => test.reduce((a, row) => a + String(row[k]).length, 0);
  textCols.sort((a, b) => avgLength(a) - avgLength(b));
  const [queryCol, docCol] = textCols;
  const idCol = Object.keys(sample).find(
    (k) => k !== queryCol && k !== docCol && new Set(test.map((row) => row[k])).size === test.length,
  );
  if (!queryCol || !docCol || !idCol) throw new Error("ranking needs a query, a document and an id column");
  const docsById = new Map(train.map((row) => [String(row[idCol]), row[docCol]]));
  const training = train
    .filter((row) => docsById.has(String(row[config.target])))
    .map((row) => ({ query: row[queryCol], doc: docsById.get(String(row[config.target])) }));
  const corpus = test.map((row) => ({ id: row[idCol], text: row[docCol] }));
  return rankAll(
    corpus,
    test.map((row) => row[queryCol]),
    training,
    config.rank,
  );
}

export async function solutionMain(config: SolutionConfig, api: SolutionApi): Promise<void> {
  const { tf } = await api.loadTf();
  const train = await api.readSplit("train");
  const validation = api.hasSplit("validation") ? await api.readSplit("validation") : [];
  const test = await api.readSplit("test");
  const fit = config.useValidation ? [...train, ...validation] : train;
  const isList = Array.isArray(train[0]?.[config.target]);
  let predictions: unknown[];
  if (isList) predictions = forecast(tf, fit, test, config);
  else if (config.mode === "rank") predictions = rank(fit, test, config);
  else if (config.mode === "classify") predictions = classify(tf, fit, test, config);
  else predictions = regress(tf, fit, test, config);
  // A constant column has no rank correlation: break ties by position, imperceptibly.
  if (predictions.every((p) => p === predictions[0]) && typeof predictions[0] === "number") {
    predictions = predictions.map((p, i) => (p as number) + i * 1e-9);
  }
  const columns = config.columns.length > 0 ? config.columns : [config.target];
  const rows = test.map((row, i) =>
    Object.fromEntries(columns.map((c) => [c, c in row ? row[c] : predictions[i]])),
  );
  await api.writeSubmission(rows, columns);
  console.log(
    `wrote ${rows.length} rows (kind ${config.kind}, ${isList ? "forecast" : config.mode}, model ${config.model})`,
  );
}

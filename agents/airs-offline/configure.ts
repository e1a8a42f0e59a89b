/**
 * From the task's input and params.ts to a solution config: which kind of task this is (by the
 * metric, then the prompt's data description), and the kind's template and numbers.
 */
import { classification, correlation, forecast, geometry, graph, ranking, regression } from "./params.js";
import type { SolutionConfig } from "./solution/main.js";

export type Kind =
  | "regression"
  | "geometry"
  | "graph"
  | "correlation"
  | "classification"
  | "ranking"
  | "forecast";

export interface AirsInput {
  task?: string;
  prompt?: string;
  metric?: string;
  lowerIsBetter?: boolean;
  scoringColumn?: string;
  submissionShape?: number[];
}

/** The kind of task, from its metric and the prompt's description of the data. */
export function kindOf(input: AirsInput): Kind {
  const metric = String(input.metric ?? "").toLowerCase();
  const prompt = String(input.prompt ?? "");
  if (/mrr|reciprocal/.test(metric)) return "ranking";
  if (/mase|smape|mape/.test(metric) || /\bforecast/i.test(prompt.slice(0, 2000))) return "forecast";
  if (/accuracy|exact|match|f1/.test(metric)) return "classification";
  if (/spearman|pearson|correlation/.test(metric)) return "correlation";
  if (/edge_index|edge list|\bbonds?\b.*indices/i.test(prompt)) return "graph";
  if (/3-d|\[x, y, z\]|positions|coordinates/i.test(prompt)) return "geometry";
  return "regression";
}

/** The submission's header as the prompt states it ("with the header `a,b`"), else the scoring column. */
export function submissionColumns(input: AirsInput): string[] {
  const stated = /header `([^`]+)`/.exec(String(input.prompt ?? ""));
  if (stated) return stated[1]!.split(",").map((c) => c.trim());
  return input.scoringColumn ? [input.scoringColumn] : [];
}

/** A params group as a plain record of its values. */
export type Group = Record<string, number | string>;

export function groupOf(kind: Kind): Group {
  const groups: Record<Kind, Group> = {
    regression,
    geometry,
    graph,
    correlation,
    classification,
    ranking,
    forecast,
  };
  return { ...groups[kind] };
}

const num = (g: Group, key: string, fallback: number) =>
  typeof g[key] === "number" ? (g[key] as number) : fallback;
const yes = (g: Group, key: string, fallback: boolean) =>
  g[key] === undefined ? fallback : g[key] === "yes";

/** The solution config for a kind, from a (possibly varied) params group. */
export function configFor(kind: Kind, g: Group, input: AirsInput): SolutionConfig {
  const mode = kind === "ranking" ? "rank" : kind === "classification" ? "classify" : "regression";
  return {
    kind,
    target: String(input.scoringColumn ?? ""),
    columns: submissionColumns(input),
    mode,
    model: String(g.model ?? "ridge"),
    useValidation: yes(g, "useValidation", true),
    features: {
      histogramBins: Math.round(num(g, "histogramBins", 8)),
      distanceCentres: Math.round(num(g, "distanceCentres", 16)),
      distanceWidth: num(g, "distanceWidth", 1),
      distanceQuantile: num(g, "distanceQuantile", 0.5),
      maxVocabulary: Math.round(num(g, "maxVocabulary", 300)),
      bigrams: yes(g, "bigrams", false),
      maskNumbers: false,
    },
    ridge: num(g, "ridge", 0.001),
    knn: Math.round(num(g, "knn", 10)),
    mlp: {
      hidden: Math.round(num(g, "hidden", 32)),
      epochs: Math.round(num(g, "epochs", 150)),
      learningRate: num(g, "learningRate", 0.01),
      l1: yes(g, "l1Loss", true),
    },
    classifier: {
      epochs: Math.round(num(g, "epochs", 120)),
      learningRate: num(g, "learningRate", 0.05),
      l2: num(g, "l2", 0.0001),
    },
    forecast: {
      method: String(g.method ?? "seasonal"),
      season: Math.round(num(g, "season", 7)),
      lags: Math.round(num(g, "lags", 28)),
      ridge: num(g, "ridge", 0.01),
      blend: num(g, "blend", 1),
      scaleWindow: Math.round(num(g, "scaleWindow", 7)),
      windowsPerSeries: Math.round(num(g, "windowsPerSeries", 30)),
    },
    rank: {
      k1: num(g, "k1", 1.2),
      b: num(g, "b", 0.75),
      expansionTerms: Math.round(num(g, "expansionTerms", 3)),
      expansionWeight: num(g, "expansionWeight", 0.3),
      topK: Math.round(num(g, "topK", 100)),
    },
  };
}

/** The safest config of a kind: the mean, or repeating the last value, or plain BM25. */
export function fallbackGroup(kind: Kind): Group {
  if (kind === "forecast") return { method: "last" };
  if (kind === "ranking") return { expansionTerms: 0 };
  if (kind === "correlation") return { model: "ridge", maxVocabulary: 0 };
  if (kind === "classification") return { epochs: 30, maxVocabulary: 200 };
  return { model: "median" };
}

/**
 * Fills the solution template: the config as JSON, then the source text of every solution/
 * function (they were written as real, type-checked TypeScript; the bundle keeps them as plain
 * functions, so `toString()` gives runnable code), then one call of the entry. The result is a
 * complete script for the solution runner.
 */
import { columnKind, fitFeatures, numbersOf, pairDistances, tokens } from "./solution/featurize.js";
import {
  edgeFeatures,
  listFeatures,
  pairTextFeatures,
  pointFeatures,
  rowFeatures,
} from "./solution/featurize_row.js";
import { forecastAll, linearForecasts, seasonalForecast, windowScale } from "./solution/forecast.js";
import {
  classify,
  forecast,
  rank,
  regress,
  runEquation,
  type SolutionConfig,
  solutionMain,
} from "./solution/main.js";
import {
  choleskySolve,
  knnPredict,
  linearPredict,
  mlpFitPredict,
  ridgeFit,
  softmaxFitPredict,
  standardize,
} from "./solution/models.js";
import { bm25Scores, codeTokens, expansions, rankAll } from "./solution/rank.js";

const PARTS: readonly ((...args: never[]) => unknown)[] = [
  columnKind,
  numbersOf,
  tokens,
  pairDistances,
  fitFeatures,
  listFeatures,
  pointFeatures,
  edgeFeatures,
  pairTextFeatures,
  rowFeatures,
  standardize,
  choleskySolve,
  ridgeFit,
  linearPredict,
  mlpFitPredict,
  knnPredict,
  softmaxFitPredict,
  seasonalForecast,
  windowScale,
  linearForecasts,
  forecastAll,
  codeTokens,
  expansions,
  bm25Scores,
  rankAll,
  regress,
  runEquation,
  classify,
  forecast,
  rank,
  solutionMain,
];

/**
 * A part's source as a top-level function of the emitted script. In the bundle, a call into
 * another file goes through that file's import object (`(0, import_models.ridgeFit)(…)`); the
 * script defines every part at top level, so such a call becomes the plain name again.
 */
export function plainSource(part: (...args: never[]) => unknown): string {
  return part
    .toString()
    .replace(/\(0, import_[\w$]+\.([\w$]+)\)/g, "$1")
    .replace(/(?<![\w$.])import_[\w$]+\.([\w$]+)/g, "$1");
}

/** The complete solution script for one config. */
export function fillTemplate(config: SolutionConfig): string {
  return [
    "// Written by the offline AIRS scaffold: its solution template, filled with the config below.",
    'import { hasSplit, loadTf, readSplit, runSeed, writeSubmission } from "hyperagents/solution";',
    `const CONFIG = ${JSON.stringify(config, null, 2)};`,
    ...PARTS.map(plainSource),
    `await ${solutionMain.name}(CONFIG, { hasSplit, loadTf, readSplit, runSeed, writeSubmission });`,
    "",
  ].join("\n\n");
}

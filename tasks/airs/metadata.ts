/**
 * Reading a task's metadata: our `metadata.json` (an AirsMetadata, checked field by field) and the
 * official `metadata.yaml` (its `logging_info` mapped onto AirsMetadata). A bad file is the user's
 * error, named with the field that is wrong.
 */
import { parse as parseYaml } from "yaml";
import { UserError } from "../../sdk/errors.js";
import type { AirsMetadata, AirsSota } from "./format.js";
import { evaluatorForMetric, OFFICIAL_TASKS } from "./official-tasks.js";

type Json = { [key: string]: unknown };

const isRecord = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function need<T>(file: string, field: string, value: unknown, ok: (v: unknown) => v is T, what: string): T {
  if (!ok(value))
    throw new UserError(`${file}: "${field}" must be ${what}, got ${JSON.stringify(value) ?? "nothing"}`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === "string" && v !== "";
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isStrings = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((item) => typeof item === "string");
const isShape = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && v.every((n) => Number.isInteger(n) && n >= 0);

/** A bundled task's metadata.json, checked: every AirsMetadata field the loader and scorer read. */
export function checkBundledMetadata(file: string, value: unknown): AirsMetadata {
  if (!isRecord(value)) throw new UserError(`${file} must hold a JSON object (an AirsMetadata)`);
  const sota = need(file, "sota", value.sota, Array.isArray, "a non-empty list of {score, source}");
  if (
    sota.length === 0 ||
    !sota.every((entry) => isRecord(entry) && isNumber(entry.score) && isString(entry.source))
  ) {
    throw new UserError(`${file}: "sota" must be a non-empty list of {score, source}`);
  }
  const evaluator = need(
    file,
    "evaluator",
    value.evaluator,
    isString,
    "an evaluator id (evals/metrics/airs.ts)",
  );
  need(file, "name", value.name, isString, "a string");
  need(file, "category", value.category, isString, "a string");
  need(file, "metric", value.metric, isString, "the metric's name, e.g. MeanAbsoluteError");
  need(file, "lowerIsBetter", value.lowerIsBetter, isBoolean, "true or false");
  need(file, "optimalScore", value.optimalScore, isNumber, "a number (1 or 0)");
  need(
    file,
    "estimatedWorstScore",
    value.estimatedWorstScore,
    isNumber,
    "a number (the naive solution's score)",
  );
  need(file, "scoringColumn", value.scoringColumn, isString, "a column name");
  need(file, "shape", value.shape, isShape, "[test rows, submission columns]");
  need(file, "dataSeed", value.dataSeed, Number.isInteger as (v: unknown) => v is number, "an integer seed");
  if (value.inputColumns !== undefined)
    need(file, "inputColumns", value.inputColumns, isStrings, "a list of names");
  if (value.submissionColumns !== undefined) {
    const columns = need(
      file,
      "submissionColumns",
      value.submissionColumns,
      isStrings,
      "the submission's header",
    );
    const width = (value.shape as number[])[1];
    if (columns.length !== width) {
      throw new UserError(
        `${file}: "submissionColumns" has ${columns.length} names but "shape" says ${width} columns`,
      );
    }
  }
  if (value.researchProblem !== undefined)
    need(file, "researchProblem", value.researchProblem, isString, "a string");
  return {
    ...(value as unknown as AirsMetadata),
    researchProblem: (value.researchProblem as string | undefined) ?? "",
    inputColumns: (value.inputColumns as string[] | undefined) ?? [],
    evaluator: evaluator as AirsMetadata["evaluator"],
  };
}

/** "(4906,)", "[15857, 2]", "300,1", "(10000,1)" -> [rows, columns]; undefined when empty. */
export function parseOfficialShape(value: unknown): [number, number] | undefined {
  const numbers = Array.isArray(value)
    ? value.map(Number)
    : String(value ?? "")
        .split(/[^0-9]+/)
        .filter((part) => part !== "")
        .map(Number);
  if (numbers.length === 0 || !numbers.every((n) => Number.isInteger(n) && n >= 0)) return undefined;
  return [numbers[0] ?? 0, numbers[1] ?? 1];
}

function officialSota(file: string, value: unknown): AirsSota[] {
  const entries = Array.isArray(value) ? value.filter(isRecord) : [];
  const sota = entries
    .filter((entry) => Number.isFinite(Number(entry.sota_score)))
    .map((entry) => {
      const out: AirsSota = { score: Number(entry.sota_score), source: "paper" };
      if (isString(entry.sota_paper_title)) out.title = entry.sota_paper_title;
      if (isString(entry.sota_paper_url)) out.url = entry.sota_paper_url;
      if (Number.isInteger(Number(entry.sota_year)) && entry.sota_year !== null)
        out.year = Number(entry.sota_year);
      if (isString(entry.sota_venue)) out.venue = entry.sota_venue;
      return out;
    });
  if (sota.length === 0)
    throw new UserError(`${file}: logging_info.sota must list at least one {sota_score: number}`);
  return sota;
}

/** The official metadata.yaml, mapped onto AirsMetadata. */
export function readOfficialMetadata(file: string, text: string): AirsMetadata {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new UserError(`${file} is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  if (!isRecord(doc) || !isRecord(doc.logging_info))
    throw new UserError(`${file} has no "logging_info" section`);
  const info = doc.logging_info;
  const name = need(file, "logging_info.name", info.name, isString, "the task's name");
  const metric = need(file, "logging_info.metric", info.metric, isString, "the metric's name");
  const lowerIsBetter = need(
    file,
    "metric_lower_is_better",
    doc.metric_lower_is_better,
    isBoolean,
    "true or false",
  );
  const worst = Number(info.estimated_worst_score);
  if (info.estimated_worst_score === null || !Number.isFinite(worst)) {
    throw new UserError(`${file}: logging_info.estimated_worst_score must be a number`);
  }
  const spec = OFFICIAL_TASKS[name];
  const evaluator = spec?.evaluator ?? evaluatorForMetric(metric);
  if (evaluator === undefined) {
    throw new UserError(
      `${file}: no scoring rule for metric "${metric}" (task "${name}" is not one of the 20 official tasks)`,
    );
  }
  const scoringColumn =
    spec?.scoringColumn ?? (isString(info.scoring_column) ? info.scoring_column : undefined);
  if (scoringColumn === undefined) throw new UserError(`${file}: logging_info.scoring_column is empty`);
  const columns = spec?.submissionColumns.length ?? 1;
  const parsed = parseOfficialShape(info.shape);
  const shape: [number, number] = [parsed?.[0] ?? spec?.testRows ?? 0, columns];
  const optimal = Number(info.optimal_score ?? (lowerIsBetter ? 0 : 1));
  return {
    name,
    category: isString(info.category) ? info.category : "",
    researchProblem: isString(info.research_problem) ? info.research_problem : "",
    metric,
    lowerIsBetter,
    optimalScore: Number.isFinite(optimal) ? optimal : lowerIsBetter ? 0 : 1,
    sota: officialSota(file, info.sota),
    estimatedWorstScore: worst,
    inputColumns: isStrings(info.input_columns) ? info.input_columns : [],
    scoringColumn,
    shape,
    evaluator,
    ...(isString(info.dataset)
      ? { dataset: isString(info.config) ? `${info.dataset} (${info.config})` : info.dataset }
      : {}),
  };
}

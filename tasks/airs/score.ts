/**
 * Scoring a submission on the hidden test labels, as the task's evaluator does: a bundled task's
 * own `evaluate.ts`; an official task's evaluate.py rules (its label rows cut out of
 * test_with_labels, its submission columns). An invalid submission is a result with a one-line
 * reason, never a throw; a broken task or data folder is the user's error.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { evaluateAirs, InvalidSubmissionError } from "../../evals/metrics/airs.js";
import { normalizedScoreLog } from "../../evals/metrics/normalize.js";
import { readTable } from "../../sandbox/solution/read-table.js";
import { UserError } from "../../sdk/errors.js";
import type { AirsEvaluate, AirsScore, AirsTask, Row } from "./format.js";
import { airsTaskFormat, submissionColumns } from "./load-task.js";
import { OFFICIAL_TASKS, type OfficialTaskSpec } from "./official-tasks.js";
import { readSubmission, type SubmissionColumns } from "./submission.js";

/** The official rules for an official-format folder of one of the 20 tasks; undefined otherwise. */
export function officialSpec(task: AirsTask): OfficialTaskSpec | undefined {
  return airsTaskFormat(task.dir) === "official" ? OFFICIAL_TASKS[task.metadata.name] : undefined;
}

/** The header a submission must have, and whether it is read by position. */
export function expectedSubmission(task: AirsTask): SubmissionColumns {
  const spec = officialSpec(task);
  if (spec?.positional === true)
    return { columns: spec.submissionColumns, positional: { renameTo: spec.scoringColumn } };
  return { columns: submissionColumns(task) };
}

/** The label rows the evaluator compares with: test_with_labels, cut as the official evaluate.py cuts it. */
export async function labelRows(task: AirsTask): Promise<Row[]> {
  const rows = await readTable(task.dataDir, "test_with_labels");
  const spec = officialSpec(task);
  return spec?.labels === undefined ? rows : spec.labels(rows);
}

/** A bundled task's evaluate(): compiled evaluate.js where shipped, else evaluate.ts. */
async function bundledEvaluate(task: AirsTask): Promise<AirsEvaluate | undefined> {
  const file = ["evaluate.js", "evaluate.ts"]
    .map((name) => join(task.dir, name))
    .find((path) => existsSync(path));
  if (file === undefined) return undefined;
  const module = (await import(pathToFileURL(file).href)) as { evaluate?: unknown };
  if (typeof module.evaluate !== "function")
    throw new UserError(`${file} must export a function \`evaluate\``);
  return module.evaluate as AirsEvaluate;
}

/** The metric's value for predictions vs labels; throws InvalidSubmissionError for an invalid submission. */
async function metricValue(task: AirsTask, predictions: Row[], labels: Row[]): Promise<number> {
  const { metadata } = task;
  const evaluate = airsTaskFormat(task.dir) === "bundled" ? await bundledEvaluate(task) : undefined;
  if (evaluate === undefined) {
    if (metadata.evaluator === "task")
      throw new UserError(`${task.dir} has no evaluate.ts, which its metadata's evaluator "task" needs`);
    const scoringColumn = officialSpec(task)?.scoringColumn ?? metadata.scoringColumn;
    return evaluateAirs(metadata.evaluator, predictions, labels, scoringColumn);
  }
  const result = await evaluate(predictions, labels);
  const values = Object.values(result);
  const value = result[metadata.metric] ?? (values.length === 1 ? values[0] : undefined);
  if (typeof value !== "number") {
    throw new UserError(
      `${task.dir}/evaluate.ts returned no "${metadata.metric}" (got ${JSON.stringify(result)})`,
    );
  }
  return value;
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/** Scores `submissionPath` (a submission.csv) on `task`'s hidden test labels. */
export async function scoreSubmission(task: AirsTask, submissionPath: string): Promise<AirsScore> {
  const { metadata } = task;
  const invalid = (reason: string): AirsScore => ({
    task: task.id,
    metric: metadata.metric,
    score: null,
    valid: false,
    normalizedScore: 0,
    reason: oneLine(reason),
  });
  const unsupported = officialSpec(task)?.unsupported;
  if (unsupported !== undefined) throw new UserError(`${metadata.name}: ${unsupported}`);
  const submission = await readSubmission(submissionPath, expectedSubmission(task));
  if (!submission.ok) return invalid(submission.reason);
  const labels = await labelRows(task);
  if (submission.rows.length !== labels.length) {
    return invalid(`submission has ${submission.rows.length} rows; the test split has ${labels.length}`);
  }
  let score: number;
  try {
    score = await metricValue(task, submission.rows, labels);
  } catch (error) {
    if (error instanceof InvalidSubmissionError || (error as Error)?.name === "InvalidSubmissionError") {
      return invalid((error as Error).message);
    }
    throw error;
  }
  if (!Number.isFinite(score))
    return invalid(`${metadata.metric} is undefined for this submission (${score})`);
  const normalizedScore = normalizedScoreLog(score, {
    optimal: metadata.optimalScore,
    sota: metadata.sota[0]?.score ?? metadata.optimalScore,
    worst: metadata.estimatedWorstScore,
    lowerIsBetter: metadata.lowerIsBetter,
  });
  return { task: task.id, metric: metadata.metric, score, valid: true, normalizedScore };
}

/**
 * The engine's staged evaluation of a child: a sample of the train split, then (past the
 * threshold) the full selection split, on top of `evals/evaluate-instances.ts`.
 */

import { type EvaluationEnv, evaluateInstances } from "../../evals/evaluate-instances.js";
import type { Split, Task } from "../../tasks/task.js";
import { deriveSeed, seededRandom, shuffled } from "../internal/random.js";
import type { EvaluationRecord, ScoreRecord } from "../store/run-store.js";

export type { EvaluationEnv };

/** The split selection uses: val where the task has one, else train. */
export function selectionSplit(task: Task): Split {
  return task.splits.includes("val") ? "val" : "train";
}

export interface StagedResult {
  scores: ScoreRecord[];
  evaluations: EvaluationRecord[];
  /** Per task, the selection-split score (unevaluated instances count as zero). */
  selectionScores: Record<string, number>;
  /** Mean of selectionScores over tasks. */
  score: number;
  stage: "sample" | "full";
}

/**
 * Staged evaluation, per task: a sample of the train split first (its results are what meta
 * agents see); only if its score is above the threshold, the full selection split. Unevaluated
 * instances count as zero, so a node that stops at the sample scores sample_sum / split_size.
 */
export async function stagedEvaluation(
  files: Record<string, string>,
  tasks: readonly Task[],
  options: { nodeId: string; stageSize: number | null; stageThreshold: number },
  env: EvaluationEnv,
): Promise<StagedResult> {
  const scores: ScoreRecord[] = [];
  const evaluations: EvaluationRecord[] = [];
  const selectionScores: Record<string, number> = {};
  let reachedFull = true;
  for (const task of tasks) {
    const staged = await stagedTask(files, task, options, env);
    scores.push(...staged.scores);
    evaluations.push(...staged.evaluations);
    selectionScores[task.id] = staged.selectionScore;
    if (!staged.passed) reachedFull = false;
  }
  const values = Object.values(selectionScores);
  return {
    scores,
    evaluations,
    selectionScores,
    score: values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length,
    stage: reachedFull ? "full" : "sample",
  };
}

const meanOver = (results: readonly EvaluationRecord[], total: number) =>
  total === 0 ? 0 : results.reduce((sum, result) => sum + result.score, 0) / total;

/** One task's stages: the train sample, then (past the threshold) the rest of its selection split. */
async function stagedTask(
  files: Record<string, string>,
  task: Task,
  options: { nodeId: string; stageSize: number | null; stageThreshold: number },
  env: EvaluationEnv,
): Promise<{
  scores: ScoreRecord[];
  evaluations: EvaluationRecord[];
  selectionScore: number;
  passed: boolean;
}> {
  const { nodeId } = options;
  const train = await task.instances("train");
  const random = seededRandom(deriveSeed(env.seed, "stage", task.id));
  // The run's stage size (--stage-size) wins; without one, the task's own, else 10.
  const stageSize = Math.min(options.stageSize ?? task.stageSize ?? 10, train.length);
  const sample = shuffled(train, random).slice(0, stageSize);
  const sampleResults = await evaluateInstances(files, task, "train", sample, nodeId, env);
  const sampleScore = sample.length === 0 ? 0 : meanOver(sampleResults, sample.length);
  const split = selectionSplit(task);
  const passed = sampleScore > options.stageThreshold;
  const stage: ScoreRecord["stage"] = passed ? "full" : "sample";
  const record = (
    split: string,
    stage: ScoreRecord["stage"],
    score: number,
    evaluated: number,
    total: number,
  ): ScoreRecord => ({ nodeId, taskId: task.id, split, stage, score, evaluated, total });

  if (split === "train") {
    const rest = passed ? train.filter((instance) => !sample.includes(instance)) : [];
    const restResults = await evaluateInstances(files, task, "train", rest, nodeId, env);
    const all = [...sampleResults, ...restResults];
    const score = meanOver(all, train.length);
    return {
      scores: [record("train", stage, score, all.length, train.length)],
      evaluations: all,
      selectionScore: score,
      passed,
    };
  }
  const selection = await task.instances(split);
  const results = passed ? await evaluateInstances(files, task, split, selection, nodeId, env) : [];
  const score = meanOver(results, selection.length);
  return {
    scores: [
      record("train", "sample", meanOver(sampleResults, train.length), sample.length, train.length),
      record(split, stage, score, results.length, selection.length),
    ],
    evaluations: [...sampleResults, ...results],
    selectionScore: score,
    passed,
  };
}

/** Evaluates a program on a whole split (the test split at the end of a run, or `hyperagents eval`). */
export async function evaluateSplit(
  files: Record<string, string>,
  task: Task,
  split: Split,
  nodeId: string,
  env: EvaluationEnv,
  limit?: number,
): Promise<{ score: ScoreRecord; evaluations: EvaluationRecord[] }> {
  const all = await task.instances(split);
  const instances = limit === undefined ? all : all.slice(0, limit);
  const evaluations = await evaluateInstances(files, task, split, instances, nodeId, env);
  const total = instances.length;
  const score = total === 0 ? 0 : evaluations.reduce((sum, result) => sum + result.score, 0) / total;
  return {
    score: { nodeId, taskId: task.id, split, stage: "full", score, evaluated: evaluations.length, total },
    evaluations,
  };
}

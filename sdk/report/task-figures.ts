/**
 * Task figures in reports: what a task reports beyond its mean score (circle packing: each n's
 * ratio with the raw sum of radii), computed by the task's own `figures` from the best node's
 * per-instance results, so the report has no special case per task.
 */
import { loadTask } from "../../tasks/index.js";
import type { InstanceResult, TaskFigure } from "../../tasks/task.js";
import type { EvaluationRecord } from "../store/run-store.js";

export type FiguresFn = (results: readonly InstanceResult[]) => TaskFigure[];

/** One task's figures on one split of one run. */
export interface RunTaskFigures {
  task: string;
  split: string;
  figures: TaskFigure[];
}

/** The `figures` of the bundled tasks among `taskIds`; a custom or unknown task has none. */
export async function taskFigureFunctions(taskIds: Iterable<string>): Promise<Record<string, FiguresFn>> {
  const found: Record<string, FiguresFn> = {};
  for (const id of new Set(taskIds)) {
    try {
      const task = await loadTask(id);
      if (task.figures) found[id] = task.figures.bind(task);
    } catch {
      // A task this installation does not bundle: its run still gets a report, without figures.
    }
  }
  return found;
}

const SPLIT_ORDER = ["train", "val", "test"];

/** Figures per (task, split) of one node's evaluations, splits in train, val, test order. */
export function runTaskFigures(
  evaluations: readonly EvaluationRecord[],
  functions: Readonly<Record<string, FiguresFn>>,
): RunTaskFigures[] {
  const groups = new Map<string, { task: string; split: string; results: InstanceResult[] }>();
  for (const evaluation of evaluations) {
    if (!functions[evaluation.taskId]) continue;
    const key = `${evaluation.taskId}\u0000${evaluation.split}`;
    const group = groups.get(key) ?? { task: evaluation.taskId, split: evaluation.split, results: [] };
    group.results.push({
      instanceId: evaluation.instanceId,
      score: evaluation.score,
      details: evaluation.details,
    });
    groups.set(key, group);
  }
  const rank = (split: string) => {
    const index = SPLIT_ORDER.indexOf(split);
    return index === -1 ? SPLIT_ORDER.length : index;
  };
  // Train results of a node are often a staged-evaluation sample; where the task has a val split,
  // selection used val, so train is left out.
  const withVal = new Set([...groups.values()].filter((g) => g.split === "val").map((g) => g.task));
  return [...groups.values()]
    .filter((group) => !(group.split === "train" && withVal.has(group.task)))
    .sort((a, b) => a.task.localeCompare(b.task) || rank(a.split) - rank(b.split))
    .map((group) => ({
      task: group.task,
      split: group.split,
      figures: functions[group.task]!(group.results),
    }))
    .filter((row) => row.figures.length > 0);
}

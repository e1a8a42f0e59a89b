/**
 * Headline figures of a run and, pooled over the seeds of one configuration, their median with a
 * 95% bootstrap interval. Every figure carries the number of seeds it rests on.
 */

import { bestNode } from "../archive/archive.js";
import { bootstrapMedian } from "../internal/stats.js";
import type { LoadedRun } from "./load-run.js";
import type { HeadlineFigures, SeededFigure, TaskFigureRow } from "./report-types.js";
import { type FiguresFn, type RunTaskFigures, runTaskFigures } from "./task-figures.js";

/** The figures of one run, before pooling (null where the run has none, e.g. no valid node). */
export interface RunFigures {
  bestScore: number | null;
  testScores: Record<string, number>;
  taskFigures: RunTaskFigures[];
  archiveSize: number;
  validNodes: number;
  validRate: number | null;
  costUsd: number;
  tokens: number;
  wallMs: number | null;
  generations: number;
}

export function runFigures(run: LoadedRun, figures: Readonly<Record<string, FiguresFn>> = {}): RunFigures {
  const finished = run.nodes.filter((node) => node.status !== "pending");
  const best = bestNode(run.nodes);
  const testScores: Record<string, number> = {};
  if (best) {
    for (const score of run.scores) {
      if (score.nodeId === best.id && score.split === "test") testScores[score.taskId] = score.score;
    }
    // Older runs may only have the test scores in summary.json.
    if (Object.keys(testScores).length === 0) Object.assign(testScores, run.summary?.testScores ?? {});
  }
  const children = finished.filter((node) => node.parentId !== null);
  const validChildren = children.filter((node) => node.status === "valid").length;
  return {
    bestScore: best?.score ?? null,
    testScores,
    taskFigures: runTaskFigures(run.bestEvaluations ?? [], figures),
    archiveSize: finished.length,
    validNodes: finished.filter((node) => node.status === "valid").length,
    validRate: children.length > 0 ? validChildren / children.length : null,
    costUsd: run.costs.reduce((sum, cost) => sum + cost.costUsd, 0),
    tokens: run.costs.reduce((sum, cost) => sum + cost.inputTokens + cost.outputTokens, 0),
    wallMs: wallTime(run),
    generations: run.nodes.reduce((max, node) => Math.max(max, node.generation), 0),
  };
}

/** summary.json's wall time when the run has ended, else the span of its recorded events. */
function wallTime(run: LoadedRun): number | null {
  if (typeof run.summary?.wallMs === "number") return run.summary.wallMs;
  const first = run.events[0];
  const last = run.events[run.events.length - 1];
  if (!first || !last) return null;
  const span = Date.parse(last.createdAt) - Date.parse(first.createdAt);
  return Number.isFinite(span) ? span : null;
}

/** Pools values of one figure over seeds: the value itself for one seed, else median [95% CI]. */
export function pooled(values: readonly (number | null | undefined)[]): SeededFigure {
  const present = values.filter(
    (value): value is number => typeof value === "number" && Number.isFinite(value),
  );
  if (present.length === 0) return { value: null, n: 0 };
  if (present.length === 1) return { value: present[0]!, n: 1 };
  const { median, low, high, n } = bootstrapMedian(present);
  return { value: median, n, low, high };
}

export function headlineFigures(labels: readonly string[], runs: readonly RunFigures[]): HeadlineFigures {
  const tasks = [...new Set(runs.flatMap((run) => Object.keys(run.testScores)))].sort();
  const pick = (field: keyof Omit<RunFigures, "testScores" | "taskFigures">) =>
    pooled(runs.map((run) => run[field]));
  return {
    runs: [...labels],
    bestScore: pick("bestScore"),
    testScores: Object.fromEntries(
      tasks.map((task) => [task, pooled(runs.map((run) => run.testScores[task]))]),
    ),
    taskFigures: poolTaskFigures(runs),
    archiveSize: pick("archiveSize"),
    validNodes: pick("validNodes"),
    validRate: pick("validRate"),
    costUsd: pick("costUsd"),
    tokens: pick("tokens"),
    wallMs: pick("wallMs"),
    generations: pick("generations"),
  };
}

/** Task figures pooled over seeds by (task, split, label), in the order the first run lists them. */
function poolTaskFigures(runs: readonly RunFigures[]): TaskFigureRow[] {
  const rows = new Map<
    string,
    { row: Omit<TaskFigureRow, "value" | "extra">; values: number[]; extra: Map<string, number[]> }
  >();
  for (const run of runs) {
    for (const group of run.taskFigures) {
      for (const figure of group.figures) {
        const key = [group.task, group.split, figure.label].join("\u0000");
        let entry = rows.get(key);
        if (!entry) {
          entry = {
            row: {
              task: group.task,
              split: group.split,
              label: figure.label,
              unit: figure.unit ?? null,
              headline: figure.headline === true,
              notes: [],
            },
            values: [],
            extra: new Map(),
          };
          rows.set(key, entry);
        }
        entry.values.push(figure.value);
        for (const [name, value] of Object.entries(figure.extra ?? {})) {
          entry.extra.set(name, [...(entry.extra.get(name) ?? []), value]);
        }
        if (figure.note && !entry.row.notes.includes(figure.note)) entry.row.notes.push(figure.note);
      }
    }
  }
  return [...rows.values()].map(({ row, values, extra }) => ({
    ...row,
    value: pooled(values),
    extra: Object.fromEntries([...extra].map(([name, list]) => [name, pooled(list)])),
  }));
}

/**
 * Headline figures of a run and, pooled over the seeds of one configuration, their median with a
 * 95% bootstrap interval. Every figure carries the number of seeds it rests on.
 */
import { bootstrapMedian } from "../../evals/stats.js";
import { bestNode } from "../archive/archive.js";
import type { LoadedRun } from "./load-run.js";
import type { HeadlineFigures, SeededFigure } from "./report-types.js";

/** The figures of one run, before pooling (null where the run has none, e.g. no valid node). */
export interface RunFigures {
  bestScore: number | null;
  testScores: Record<string, number>;
  archiveSize: number;
  validNodes: number;
  validRate: number | null;
  costUsd: number;
  tokens: number;
  wallMs: number | null;
  generations: number;
}

export function runFigures(run: LoadedRun): RunFigures {
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
  const pick = (field: keyof Omit<RunFigures, "testScores">) => pooled(runs.map((run) => run[field]));
  return {
    runs: [...labels],
    bestScore: pick("bestScore"),
    testScores: Object.fromEntries(
      tasks.map((task) => [task, pooled(runs.map((run) => run.testScores[task]))]),
    ),
    archiveSize: pick("archiveSize"),
    validNodes: pick("validNodes"),
    validRate: pick("validRate"),
    costUsd: pick("costUsd"),
    tokens: pick("tokens"),
    wallMs: pick("wallMs"),
    generations: pick("generations"),
  };
}

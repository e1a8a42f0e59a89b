/** Builds the data a report page embeds from a run and the runs it is compared with. */
import { basename } from "node:path";
import { bestNode } from "../archive/archive.js";
import { costByGeneration } from "./cost.js";
import { headlineFigures, runFigures } from "./headline.js";
import { baselineOf, type LoadedRun, runLabel } from "./load-run.js";
import { progressByGeneration } from "./progress.js";
import {
  type ConfigurationRow,
  type CostSeries,
  type NodeCost,
  type NodeScore,
  type ProgressSeries,
  REPORT_DATA_VERSION,
  type ReportData,
  type ReportNode,
} from "./report-types.js";
import type { FiguresFn } from "./task-figures.js";
import { layoutTree } from "./tree-layout.js";

/** Labels of the runs, made unique (two runs of one baseline and seed get their directory names). */
export function uniqueLabels(runs: readonly LoadedRun[]): string[] {
  const labels = runs.map(runLabel);
  return labels.map((label, i) =>
    labels.filter((other) => other === label).length > 1 ? `${label} (${basename(runs[i]!.dir)})` : label,
  );
}

/** `taskFigures`: each task's `figures` (see `taskFigureFunctions`); without it, no task figures. */
export function buildReportData(
  main: LoadedRun,
  compare: readonly LoadedRun[] = [],
  taskFigures: Readonly<Record<string, FiguresFn>> = {},
): ReportData {
  const runs = [main, ...compare];
  const labels = uniqueLabels(runs);
  const figures = runs.map((run) => runFigures(run, taskFigures));
  const baselines = runs.map(baselineOf);

  // Headline: the report's run pooled with the compare runs of its own configuration (other seeds).
  const configurations: ConfigurationRow[] = [...new Set(baselines)].map((baseline) => {
    const members = runs.map((_, i) => i).filter((i) => baselines[i] === baseline);
    return {
      baseline,
      headline: headlineFigures(
        members.map((i) => labels[i]!),
        members.map((i) => figures[i]!),
      ),
    };
  });

  const progress: ProgressSeries[] = runs.map((run, i) => ({
    label: labels[i]!,
    baseline: baselines[i]!,
    seed: typeof run.config.seed === "number" ? run.config.seed : null,
    main: i === 0,
    points: progressByGeneration(run.nodes),
  }));
  const cost: CostSeries[] = runs.map((run, i) => {
    const byGeneration = costByGeneration(run.nodes, run.costs, run.events);
    return {
      label: labels[i]!,
      main: i === 0,
      rows: byGeneration.rows,
      unattributedUsd: byGeneration.unattributedUsd,
    };
  });

  const best = bestNode(main.nodes);
  return {
    version: REPORT_DATA_VERSION,
    generatedAt: new Date().toISOString(),
    run: {
      label: labels[0]!,
      dir: basename(main.dir),
      baseline: baselines[0]!,
      seed: typeof main.config.seed === "number" ? main.config.seed : null,
      tasks: main.config.tasks ?? [],
      taskModel: main.config.taskModel ?? null,
      metaModel: main.config.metaModel ?? null,
      selection: main.config.selection ?? null,
      generations: main.config.generations ?? null,
      childrenPerGeneration: main.config.childrenPerGeneration ?? null,
      budgetUsd: main.config.budgetUsd ?? null,
      createdAt: main.config.createdAt ?? null,
      reason: main.summary?.reason ?? null,
    },
    headline: configurations.find((row) => row.baseline === baselines[0])!.headline,
    configurations,
    bestNodeId: best?.id ?? null,
    tree: reportTree(main),
    progress,
    cost,
  };
}

function reportTree(run: LoadedRun): ReportData["tree"] {
  const layout = layoutTree(run.nodes);
  const scoresOf = new Map<string, NodeScore[]>();
  for (const score of run.scores) {
    const list = scoresOf.get(score.nodeId) ?? [];
    list.push({
      task: score.taskId,
      split: score.split,
      stage: score.stage,
      score: score.score,
      evaluated: score.evaluated,
      total: score.total,
    });
    scoresOf.set(score.nodeId, list);
  }
  const costsOf = new Map<string, NodeCost[]>();
  for (const cost of run.costs) {
    if (cost.nodeId === null) continue;
    const list = costsOf.get(cost.nodeId) ?? [];
    list.push({
      role: cost.role,
      calls: cost.calls,
      inputTokens: cost.inputTokens,
      outputTokens: cost.outputTokens,
      costUsd: cost.costUsd,
    });
    costsOf.set(cost.nodeId, list);
  }
  const childCount = new Array<number>(run.nodes.length).fill(0);
  for (const parent of layout.parents) if (parent >= 0) childCount[parent]!++;
  let scoreMin = Number.POSITIVE_INFINITY;
  let scoreMax = Number.NEGATIVE_INFINITY;
  const nodes: ReportNode[] = run.nodes.map((node, i) => {
    if (node.status === "valid" && node.score !== null) {
      scoreMin = Math.min(scoreMin, node.score);
      scoreMax = Math.max(scoreMax, node.score);
    }
    return {
      id: node.id,
      parent: layout.parents[i]!,
      generation: node.generation,
      row: layout.rows[i]!,
      status: node.status,
      score: node.score,
      rejectStage: node.rejectStage,
      rejectReason: node.rejectReason,
      duplicateOf: node.duplicateOf,
      createdBy: node.createdBy,
      diffLines: node.diffLines,
      metaMs: node.metaMs,
      evalMs: node.evalMs,
      summary: node.summary,
      scores: scoresOf.get(node.id) ?? [],
      costs: costsOf.get(node.id) ?? [],
      children: childCount[i]!,
    };
  });
  if (!Number.isFinite(scoreMin)) {
    scoreMin = 0;
    scoreMax = 1;
  }
  return {
    nodes,
    rows: layout.rowCount,
    generations: run.nodes.reduce((max, node) => Math.max(max, node.generation), 0),
    scoreMin,
    scoreMax,
  };
}

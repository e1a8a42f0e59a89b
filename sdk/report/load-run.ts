/** Reads everything a report needs from a run directory, once, through the read-only run store. */
import { existsSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { bestNode } from "../archive/archive.js";
import { UserError } from "../errors.js";
import { type RunConfig, readRunConfig } from "../evolve/run-config.js";
import { type RunSummaryFile, readRunSummary } from "../evolve/run-summary-file.js";
import {
  type CostRecord,
  type EvaluationRecord,
  type EventRecord,
  type NodeRecord,
  openRunStore,
  type ScoreRecord,
} from "../store/run-store.js";

export type { RunSummaryFile };

export interface LoadedRun {
  dir: string;
  config: RunConfig;
  nodes: NodeRecord[];
  scores: ScoreRecord[];
  costs: CostRecord[];
  events: EventRecord[];
  /** The best node's per-instance results (every split), for the tasks' own figures. */
  bestEvaluations: EvaluationRecord[];
  summary: RunSummaryFile | null;
}

export function loadRun(runDir: string): LoadedRun {
  const dir = resolve(runDir);
  const config = readRunConfig(dir);
  const file = join(dir, "run.sqlite");
  if (!existsSync(file)) {
    throw new UserError(
      `${dir} has no run.sqlite: pass the directory of a run made by \`hyperagents evolve\``,
    );
  }
  const store = openRunStore(file, { readonly: true });
  try {
    const nodes = store.nodes();
    const best = bestNode(nodes);
    return {
      dir,
      config,
      nodes,
      scores: store.scores(),
      costs: store.costs(),
      events: store.events(),
      bestEvaluations: best ? store.evaluations(best.id) : [],
      summary: readRunSummary(dir),
    };
  } finally {
    store.close();
  }
}

/** "dgm-h seed 3" style label: the baseline and seed from run.json, else the directory's name. */
export function runLabel(run: LoadedRun): string {
  const baseline = run.config.baseline === "none" ? "dgm-h" : run.config.baseline;
  if (typeof run.config.seed === "number") return `${baseline} seed ${run.config.seed}`;
  return basename(run.dir);
}

/** The configuration name runs are grouped by ("none" is the full DGM-H method). */
export function baselineOf(run: LoadedRun): string {
  return run.config.baseline === "none" || !run.config.baseline ? "dgm-h" : run.config.baseline;
}

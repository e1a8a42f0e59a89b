/**
 * The data a report page embeds (one JSON blob) and renders client-side. Shared by the generator
 * and the page script, so both sides agree on one shape. Per-node heavy text (diff, meta log,
 * transcript) is NOT here: it sits in its own lazily parsed script element (see NodeDetails).
 */

export const REPORT_DATA_VERSION = 1;

/** A figure across the seeds of one configuration: the median and its 95% bootstrap interval. */
export interface SeededFigure {
  value: number | null;
  /** Seeds (runs) the figure rests on. */
  n: number;
  /** The 95% bootstrap interval of the median; present when n > 1. */
  low?: number;
  high?: number;
}

/** One figure a task reports beyond its mean (see `Task.figures`), pooled over seeds. */
export interface TaskFigureRow {
  task: string;
  split: string;
  label: string;
  unit: string | null;
  /** The figure peers quote for the task (circle packing: n = 26). */
  headline: boolean;
  value: SeededFigure;
  /** Numbers shown beside the value, e.g. "sum of radii". */
  extra: Record<string, SeededFigure>;
  /** Flags raised by any seed, e.g. "record: above the reference". */
  notes: string[];
}

export interface HeadlineFigures {
  /** The runs whose figures are pooled (the report's run and compare runs of the same baseline). */
  runs: string[];
  bestScore: SeededFigure;
  /** The best node's test score, per task. */
  testScores: Record<string, SeededFigure>;
  /** The best node's task figures, per task and split (headline ones first within a split). */
  taskFigures: TaskFigureRow[];
  archiveSize: SeededFigure;
  validNodes: SeededFigure;
  /** Valid children over finished children (the initial node not counted). */
  validRate: SeededFigure;
  costUsd: SeededFigure;
  tokens: SeededFigure;
  wallMs: SeededFigure;
  generations: SeededFigure;
}

/** One configuration (baseline) among the report's run and its compare runs. */
export interface ConfigurationRow {
  baseline: string;
  headline: HeadlineFigures;
}

export interface ProgressPoint {
  generation: number;
  /** Best selection score of the valid archive after this generation (null while none is valid). */
  best: number | null;
  median: number | null;
  nodes: number;
  valid: number;
}

export interface ProgressSeries {
  label: string;
  baseline: string;
  seed: number | null;
  /** True for the run the report is about; the others are compare runs. */
  main: boolean;
  points: ProgressPoint[];
}

export interface CostRow {
  generation: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  calls: number;
  /** USD per role (meta, task, task-side, …). */
  byRole: Record<string, number>;
  cumulativeUsd: number;
  cumulativeTokens: number;
  /** Wall time of the generation from its generation-end event, when recorded. */
  wallMs: number | null;
}

export interface CostSeries {
  label: string;
  main: boolean;
  rows: CostRow[];
  /** Calls recorded without a node (run-level), included in the totals. */
  unattributedUsd: number;
}

export interface NodeScore {
  task: string;
  split: string;
  stage: "sample" | "full";
  score: number;
  evaluated: number;
  total: number;
}

export interface NodeCost {
  role: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** One archive node as the tree and the detail panel need it (small: diffs are elsewhere). */
export interface ReportNode {
  id: string;
  /** Index of the parent in `nodes`, or -1 for a root. */
  parent: number;
  generation: number;
  /** Vertical position in leaf units from the tidy layout (children's span, parents centred). */
  row: number;
  status: "pending" | "valid" | "invalid";
  score: number | null;
  rejectStage: string | null;
  rejectReason: string | null;
  duplicateOf: string | null;
  createdBy: string | null;
  diffLines: number | null;
  metaMs: number | null;
  evalMs: number | null;
  summary: string | null;
  scores: NodeScore[];
  costs: NodeCost[];
  children: number;
}

export interface RunInfo {
  label: string;
  dir: string;
  baseline: string;
  seed: number | null;
  tasks: string[];
  taskModel: string | null;
  metaModel: string | null;
  selection: string | null;
  generations: number | null;
  childrenPerGeneration: number | null;
  budgetUsd: number | null;
  createdAt: string | null;
  /** Why the run stopped, from summary.json (absent while it runs). */
  reason: string | null;
}

export interface ReportData {
  version: number;
  generatedAt: string;
  run: RunInfo;
  headline: HeadlineFigures;
  configurations: ConfigurationRow[];
  bestNodeId: string | null;
  tree: { nodes: ReportNode[]; rows: number; generations: number; scoreMin: number; scoreMax: number };
  progress: ProgressSeries[];
  cost: CostSeries[];
}

/** The lazily loaded text of one node (each in its own `<script type="application/json">`). */
export interface NodeDetails {
  diff: string | null;
  diffNote: string | null;
  metaLog: string | null;
  metaLogNote: string | null;
  transcript: TranscriptView[] | null;
  transcriptNote: string | null;
}

export interface TranscriptView {
  latencyMs: number;
  system: string | null;
  /** Leading messages identical to the previous call's (left out: shown there). */
  repeated: number;
  messages: { role: string; text: string }[];
  tools: string[];
  response: { text: string; toolCalls: string[]; tokens: string; costUsd: number | null } | null;
  error: string | null;
}

/** Id of a node's details element in the page. */
export function detailsElementId(index: number): string {
  return `node-details-${index}`;
}

/**
 * The AIRS-Bench task format, as the rest of the project reads it. A task folder is either our
 * own (`metadata.json` + a seeded generator) or the official one (`metadata.yaml` + a data
 * folder); both load into an `AirsTask`. Rows are plain JSON objects, one per example.
 */
import type { AirsEvaluatorId, Row } from "../../evals/metrics/airs.js";

export type { AirsEvaluatorId, Row };

/** The splits a task's data folder holds. `testWithLabels` is read by the host-side evaluator only. */
export type AirsSplitName = "train" | "validation" | "test" | "test_with_labels";

/** A published (or, for the bundled suite, a shipped reference solution's) score. */
export interface AirsSota {
  score: number;
  /** "reference-solution" for a bundled task's shipped TensorFlow.js solution; else the paper. */
  source: string;
  title?: string;
  url?: string;
  year?: number;
  venue?: string;
}

/** The metadata of one task, in the official `logging_info` terms. */
export interface AirsMetadata {
  /** e.g. "TimeSeriesForecastingRideshareMAE" (official) or "synthetic-traffic-mase" (bundled). */
  name: string;
  /** e.g. "Time Series", "Molecules and Proteins ML", "Math", "Code", "Text Classification". */
  category: string;
  researchProblem: string;
  /** The metric's display name as the evaluator prints it, e.g. "MeanAbsoluteError". */
  metric: string;
  lowerIsBetter: boolean;
  /** 1 for higher-is-better metrics, 0 for lower-is-better ones (official convention). */
  optimalScore: number;
  /** The first entry is the one normalisation uses. */
  sota: readonly AirsSota[];
  estimatedWorstScore: number;
  inputColumns: readonly string[];
  /** The column the submission must hold (and that the test split lacks). */
  scoringColumn: string;
  /** Submission shape: [rows, columns]. */
  shape: readonly [number, number];
  /** The submission's header when it is not the scoring column alone (code retrieval: query, rankings). */
  submissionColumns?: readonly string[];
  /**
   * Which scoring rule applies (evals/metrics/airs.ts); defaults from `metric`. "task": only the
   * task folder's own evaluate.ts scores it (research tasks, whose metric is no official rule).
   */
  evaluator: AirsEvaluatorId | "task";
  /** Dataset description, e.g. "RobZamp/sick" or "generated (seed 7)". */
  dataset?: string;
  /** Bundled tasks: the seed the canonical dataset is generated from. */
  dataSeed?: number;
}

/** Rows of each split; `validation` only where the task has one. */
export interface AirsSplits {
  train: Row[];
  validation?: Row[];
  /** The test inputs, scoring column removed. */
  test: Row[];
  /** The test split with its labels (the evaluator's only). */
  testWithLabels: Row[];
}

/** What a bundled task's `evaluate.ts` exports; it may be async (a research task retrains a model). */
export type AirsEvaluate = (
  predictions: readonly Row[],
  labels: readonly Row[],
) => { [metric: string]: number } | Promise<{ [metric: string]: number }>;

/** What a bundled task's `generate.ts` exports: a pure, seeded data generator. */
export type AirsGenerator = (seed: number) => AirsSplits;

/** A loaded task: what scoring, the prompt and the runner need. */
export interface AirsTask {
  /** `airs/<name>` for a bundled task; the folder's name otherwise. */
  id: string;
  metadata: AirsMetadata;
  /** The agent's prompt: the description, data layout, submission format and evaluator source. */
  prompt: string;
  /** Absolute path of the task folder. */
  dir: string;
  /** The folder holding the splits (`train`, `test`, ...), as HF Arrow folders, CSV or JSONL. */
  dataDir: string;
  /**
   * The task's kit: a folder of modules (an environment, an exact evaluator) copied into every
   * solution's work folder as `./kit/`, so a solution can import them. Research tasks have one.
   */
  kitDir?: string;
}

/** The result of scoring one submission: the JSON `airs score` prints. */
export interface AirsScore {
  task: string;
  metric: string;
  /** The raw metric; null when the submission is invalid. */
  score: number | null;
  valid: boolean;
  /** The log ("march of nines") normalised score; 0 when invalid. */
  normalizedScore: number;
  /** One line: why the submission is invalid. */
  reason?: string;
}

/**
 * What a solution script imports as "hyperagents/solution": the task's data as rows, the
 * submission writer, and TensorFlow.js through the project's backend selection. A solution runs
 * in its work folder: data in ./data, submission to ./submission.csv.
 */
import type { BackendName, TF } from "../../sdk/numeric/load-tensorflow.js";

export type Row = { [column: string]: unknown };

/** The splits a solution may read (the test split has no labels). */
export type SolutionSplit = "train" | "validation" | "test";

/** TensorFlow.js on the fastest backend available (GPU, native, wasm, cpu). */
export async function loadTf(): Promise<{ tf: TF; backend: BackendName }> {
  throw new Error("loadTf: being written (issue 13)");
}

/** Reads ./data/<split> (a Hugging Face save_to_disk folder, <split>.csv or <split>.jsonl) into rows. */
export async function readSplit(_split: SolutionSplit): Promise<Row[]> {
  throw new Error("readSplit: being written (issue 13)");
}

/** Whether ./data has this split. */
export function hasSplit(_split: SolutionSplit): boolean {
  throw new Error("hasSplit: being written (issue 13)");
}

/**
 * Writes ./submission.csv with a header; `columns` defaults to the first row's keys. Arrays and
 * objects are written as JSON text in their cell.
 */
export async function writeSubmission(_rows: readonly Row[], _columns?: readonly string[]): Promise<void> {
  throw new Error("writeSubmission: being written (issue 13)");
}

/** The run's seed (HYPERAGENTS_SEED, default 0): solutions seed their randomness with it. */
export function runSeed(): number {
  throw new Error("runSeed: being written (issue 13)");
}

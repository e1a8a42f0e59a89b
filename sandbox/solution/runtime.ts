/**
 * What a solution script imports as "hyperagents/solution": the task's data as rows, the
 * submission writer, and TensorFlow.js through the project's backend selection. A solution runs
 * in its work folder: data in ./data, submission to ./submission.csv.
 */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { UserError } from "../../sdk/errors.js";
import { type BackendName, loadTensorFlow, type TF } from "../../sdk/numeric/load-tensorflow.js";
import { findTable, readTable } from "./read-table.js";

export type Row = { [column: string]: unknown };

/** The splits a solution may read (the test split has no labels). */
export type SolutionSplit = "train" | "validation" | "test";

/** The environment variable that carries the run's seed. */
export const SEED_ENV = "HYPERAGENTS_SEED";

/** Resolved at call time, so a solution that changes nothing still reads its own ./data. */
const dataDir = (): string => resolve(process.cwd(), "data");

/** TensorFlow.js on the fastest backend available (GPU, native, wasm, cpu). */
export async function loadTf(): Promise<{ tf: TF; backend: BackendName }> {
  const { tf, backend } = await loadTensorFlow();
  return { tf, backend };
}

/** Reads ./data/<split> (a Hugging Face save_to_disk folder, <split>.csv or <split>.jsonl) into rows. */
export async function readSplit(split: SolutionSplit): Promise<Row[]> {
  return readTable(dataDir(), split);
}

/** Whether ./data has this split. */
export function hasSplit(split: SolutionSplit): boolean {
  return findTable(dataDir(), split) !== undefined;
}

/** One CSV cell: RFC 4180 quoting; arrays and objects as JSON text; null and undefined empty. */
export function csvCell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = "";
  else if (typeof value === "string") text = value;
  else if (value instanceof Date) text = value.toISOString();
  else if (typeof value === "object")
    text = JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? String(v) : v));
  else text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Writes ./submission.csv with a header; `columns` defaults to the first row's keys. Arrays and
 * objects are written as JSON text in their cell.
 */
export async function writeSubmission(rows: readonly Row[], columns?: readonly string[]): Promise<void> {
  const header = columns ?? (rows[0] === undefined ? undefined : Object.keys(rows[0]));
  if (header === undefined || header.length === 0) {
    throw new UserError("writeSubmission needs columns: pass them, or at least one row to take them from");
  }
  const lines = [header.map(csvCell).join(",")];
  for (const row of rows) lines.push(header.map((column) => csvCell(row[column])).join(","));
  await writeFile(resolve(process.cwd(), "submission.csv"), `${lines.join("\n")}\n`);
}

/** The run's seed (HYPERAGENTS_SEED, default 0): solutions seed their randomness with it. */
export function runSeed(): number {
  const raw = process.env[SEED_ENV]?.trim();
  if (raw === undefined || raw === "") return 0;
  const seed = Number(raw);
  if (!Number.isSafeInteger(seed)) throw new UserError(`${SEED_ENV}=${raw} is not an integer seed`);
  return seed;
}

/** The environment variable that asks for a smoke-size run (tests: a few seconds, not minutes). */
export const SMOKE_ENV = "HYPERAGENTS_SMOKE";

/**
 * Whether this run is a smoke test (HYPERAGENTS_SMOKE=1): a research task's solutions cut their
 * iterations so the test suite can run them; the score is then not the task's reported one.
 */
export function smokeMode(): boolean {
  return process.env[SMOKE_ENV] === "1";
}

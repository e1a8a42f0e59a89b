/**
 * The gold self-test: the submission built from the test labels must score the optimum, and the
 * same submission with its predictions permuted must score worse (the official task checks, with
 * the two permutations the issue names: one adjacent swap; ~70% of the rows shuffled, seed 42).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seededRandom, shuffled } from "../../sdk/internal/random.js";
import type { AirsScore, AirsTask, Row } from "./format.js";
import { expectedSubmission, labelRows, officialSpec, scoreSubmission } from "./score.js";

/** A cell as CSV text: lists and objects as JSON (NaN written as Python's json.dumps writes it). */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" && Number.isNaN(value)) return "NaN";
  if (typeof value === "object")
    return JSON.stringify(value, (_, item) => (Number.isNaN(item) ? "\u0000NaN" : item)).replaceAll(
      '"\\u0000NaN"',
      "NaN",
    );
  return String(value);
}

const csvCell = (text: string) =>
  /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;

/** Rows as CSV text with a header. */
export function toCsv(rows: readonly Row[], columns: readonly string[]): string {
  const lines = [columns.map(csvCell).join(",")];
  for (const row of rows) lines.push(columns.map((column) => csvCell(cellText(row[column]))).join(","));
  return `${lines.join("\n")}\n`;
}

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** The first gold answer of a SQuAD-style label: {text: [...]}, a list, or one string. */
function firstAnswer(value: unknown): unknown {
  if (value !== null && typeof value === "object" && !Array.isArray(value) && "text" in value) {
    return first((value as { text: unknown }).text);
  }
  return first(value);
}

/** The submission columns that carry predictions (the others, e.g. MRR's `query`, identify the row). */
export function predictionColumns(task: AirsTask): string[] {
  const { columns } = expectedSubmission(task);
  if (task.metadata.evaluator === "mrr") return columns.filter((column) => column === "rankings");
  return [...columns];
}

/** The gold submission rows: each label turned into the prediction that scores it perfectly. */
export async function goldRows(task: AirsTask): Promise<Row[]> {
  const labels = await labelRows(task);
  const expected = expectedSubmission(task);
  const scoring = officialSpec(task)?.scoringColumn ?? task.metadata.scoringColumn;
  return labels.map((label) => {
    switch (task.metadata.evaluator) {
      case "duorc":
        return {
          has_answer: label.no_answer === true ? "False" : "True",
          answer: label.no_answer === true ? "" : first(label.answers),
        };
      case "exact-match-squad":
      case "rouge-l":
        return { [expected.columns[0] ?? scoring]: firstAnswer(label[scoring]) };
      case "mrr": {
        const row: Row = { rankings: [label[scoring]] };
        for (const column of expected.columns) if (column !== "rankings") row[column] = label[column];
        return row;
      }
      default:
        return { [expected.columns[0] ?? scoring]: label[scoring] };
    }
  });
}

/** The gold with rows `i` and `i + 1` of its predictions swapped, at the first pair that differ. */
export function adjacentSwap(rows: readonly Row[], columns: readonly string[]): Row[] {
  const key = (row: Row | undefined) => JSON.stringify(columns.map((column) => row?.[column]));
  const out = rows.map((row) => ({ ...row }));
  const i = out.findIndex((row, index) => index + 1 < out.length && key(row) !== key(out[index + 1]));
  if (i < 0) return out;
  for (const column of columns)
    [out[i]![column], out[i + 1]![column]] = [out[i + 1]![column], out[i]![column]];
  return out;
}

/** The gold with ~70% of its rows' predictions moved among themselves (seed 42): each chosen row moves. */
export function shuffledGold(rows: readonly Row[], columns: readonly string[], seed = 42): Row[] {
  const random = seededRandom(seed);
  const chosen = shuffled(
    rows.map((_, index) => index),
    random,
  )
    .slice(0, Math.round(rows.length * 0.7))
    .sort((a, b) => a - b);
  const order = shuffled(chosen, random);
  const out = rows.map((row) => ({ ...row }));
  // A cyclic shift over a random order of the chosen rows: every chosen row takes another's prediction.
  order.forEach((target, k) => {
    const source = order[(k + 1) % order.length] ?? target;
    for (const column of columns) out[target]![column] = rows[source]?.[column];
  });
  return out;
}

export interface GoldSelfTest {
  gold: AirsScore;
  adjacentSwap: AirsScore;
  shuffled: AirsScore;
}

/** Writes the gold and its two permutations as CSV and scores each. */
export async function goldSelfTest(task: AirsTask): Promise<GoldSelfTest> {
  const columns = expectedSubmission(task).columns;
  const gold = await goldRows(task);
  const moved = predictionColumns(task);
  const dir = await mkdtemp(join(tmpdir(), "hyperagents-airs-gold-"));
  try {
    const score = async (name: string, rows: readonly Row[]) => {
      const path = join(dir, `${name}.csv`);
      await writeFile(path, toCsv(rows, columns));
      return scoreSubmission(task, path);
    };
    return {
      gold: await score("gold_submission", gold),
      adjacentSwap: await score("gold_submission_permuted_1", adjacentSwap(gold, moved)),
      shuffled: await score("gold_submission_permuted_2", shuffledGold(gold, moved)),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

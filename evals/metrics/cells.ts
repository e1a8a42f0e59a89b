/**
 * Reading submission cells and label values. A submission arrives from csv-parse, so every cell
 * is a string; labels arrive from Arrow/JSONL (numbers, strings, lists) or CSV (strings). A bad
 * submission cell is the submitter's problem (InvalidSubmissionError, a result); a bad label is
 * the task's (UserError).
 */
import { UserError } from "../../sdk/errors.js";

/** One example of a split or a submission: column name -> value. */
export type Row = { [column: string]: unknown };

/** The submission cannot be scored; `message` is one line saying why (a result, not a crash). */
export class InvalidSubmissionError extends Error {
  override readonly name = "InvalidSubmissionError";
}

/** Row numbers in messages are 1-based data rows (the header is not counted). */
function where(index: number, column: string): string {
  return `row ${index + 1}, column '${column}'`;
}

/** Throws unless the submission has as many rows as the test split. */
export function checkRowCount(predictions: number, labels: number): void {
  if (predictions !== labels) {
    throw new InvalidSubmissionError(`submission has ${predictions} rows; the test split has ${labels}`);
  }
}

/**
 * The submission column to score. The official evaluators squeeze a one-column submission
 * whatever its header says, so a single column is accepted under any name.
 */
export function submissionColumn(predictions: readonly Row[], name: string): string {
  const first = predictions[0];
  if (first === undefined || name in first) return name;
  const columns = Object.keys(first);
  if (columns.length === 1) return columns[0]!;
  throw new InvalidSubmissionError(
    `submission has no column '${name}' (it has: ${columns.join(", ") || "none"})`,
  );
}

/** Throws unless every submission row has the column (a ragged CSV may lack it). */
export function requireColumn(predictions: readonly Row[], name: string): void {
  predictions.forEach((row, i) => {
    if (!(name in row))
      throw new InvalidSubmissionError(`submission has no column '${name}' in row ${i + 1}`);
  });
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NAN = /^[+-]?nan$/i;

/** "3", "3.0", " 3 ", "-1e3" and finite numbers; NaN (number or "NaN"/"nan") when allowed; else undefined. */
export function toNumber(value: unknown, allowNaN = false): number | undefined {
  if (typeof value === "number") return Number.isNaN(value) ? (allowNaN ? value : undefined) : value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (NUMBER.test(text)) return Number(text);
  if (allowNaN && NAN.test(text)) return Number.NaN;
  return undefined;
}

/** A numeric submission cell; anything else makes the submission invalid. */
export function submissionNumber(value: unknown, index: number, column: string): number {
  const parsed = toNumber(value);
  if (parsed === undefined || !Number.isFinite(parsed)) {
    throw new InvalidSubmissionError(`${where(index, column)}: ${describe(value)} is not a finite number`);
  }
  return parsed;
}

/** A numeric label; a bad one is the task's data fault. */
export function labelNumber(value: unknown, index: number, column: string): number {
  const parsed = toNumber(value, true);
  if (parsed === undefined) {
    throw new UserError(
      `test_with_labels ${where(index, column)}: ${describe(value)} is not a number; check the task's data`,
    );
  }
  return parsed;
}

/** The label value of a column, or a UserError naming the column the task lacks. */
export function labelValue(row: Row, index: number, column: string): unknown {
  if (!(column in row)) {
    throw new UserError(`test_with_labels row ${index + 1} has no column '${column}'; check the task's data`);
  }
  return row[column];
}

/** Short rendering of a bad value for a one-line reason. */
export function describe(value: unknown): string {
  if (value === undefined) return "a missing value";
  if (value === null) return "null";
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 37)}..."` : text;
}

/**
 * A list-valued cell: an array, or its JSON text. Bare `NaN`/`nan` tokens (as Python writes
 * them) and `null` read as NaN, as the official time-series evaluators read them. Returns
 * undefined when the text is not a list.
 */
export function toList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value.map((item) => (item === null ? Number.NaN : item));
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>);
  }
  if (typeof value !== "string") return undefined;
  const text = value.trim().replace(/(?<![\w"])-?(NaN|nan)(?![\w"])/g, "null");
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.map((item) => (item === null ? Number.NaN : item)) : undefined;
  } catch {
    return undefined;
  }
}

/** A JSON-valued label (object or list) that CSV labels carry as text. */
export function parseJsonText(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim();
  if (!text.startsWith("[") && !text.startsWith("{")) return value;
  try {
    return JSON.parse(text);
  } catch {
    return value;
  }
}

/**
 * The strings pandas' `read_csv` reads as NaN by default. The text evaluators that read the
 * submission with plain `pd.read_csv` see these cells as NaN, not as their text.
 */
export const PANDAS_NA_VALUES: ReadonlySet<string> = new Set([
  "",
  "#N/A",
  "#N/A N/A",
  "#NA",
  "-1.#IND",
  "-1.#QNAN",
  "-NaN",
  "-nan",
  "1.#IND",
  "1.#QNAN",
  "<NA>",
  "N/A",
  "NA",
  "NULL",
  "NaN",
  "None",
  "n/a",
  "nan",
  "null",
]);

/** Whether pandas would read this cell as NaN. */
export function isPandasNa(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "number") return Number.isNaN(value);
  return typeof value === "string" && PANDAS_NA_VALUES.has(value);
}

/**
 * Reading a `submission.csv` the way the task's evaluator does: a header row, then one row per test
 * row, every cell a string. What is wrong with the file comes back as a one-line reason, never a
 * throw: an invalid submission is a result.
 */
import { existsSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import type { Row } from "./format.js";

export type SubmissionRead = { ok: true; rows: Row[]; header: string[] } | { ok: false; reason: string };

export interface SubmissionColumns {
  /** The header the task asks for. */
  columns: readonly string[];
  /**
   * The evaluator reads the one column by position (official `values.squeeze()`): any header
   * name is accepted and the column is renamed to `renameTo`.
   */
  positional?: { renameTo: string };
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

function parseRows(text: string): { header: string[]; rows: Row[] } {
  let header: string[] = [];
  const rows = parse(text, {
    bom: true,
    skip_empty_lines: true,
    columns: (names: string[]) => {
      header = names.map((name) => name.trim());
      return header;
    },
  }) as Row[];
  return { header, rows };
}

function checkHeader(header: string[], expected: SubmissionColumns): string | undefined {
  const wanted = expected.columns.join(",");
  if (expected.positional !== undefined) {
    return header.length === 1
      ? undefined
      : `the header has ${header.length} columns (${header.join(",")}); expected one: ${wanted}`;
  }
  const missing = expected.columns.filter((column) => !header.includes(column));
  if (missing.length > 0)
    return `the header lacks ${missing.join(", ")}: expected ${wanted}, got ${header.join(",")}`;
  const extra = header.filter((column) => !expected.columns.includes(column));
  if (extra.length > 0) return `the header has unexpected columns ${extra.join(", ")}: expected ${wanted}`;
  return undefined;
}

/** Reads and checks a submission file's header; rows keep their cells as strings. */
export async function readSubmission(path: string, expected: SubmissionColumns): Promise<SubmissionRead> {
  if (!existsSync(path) || !statSync(path).isFile())
    return { ok: false, reason: `no submission file at ${path}` };
  let parsed: { header: string[]; rows: Row[] };
  try {
    parsed = parseRows(await readFile(path, "utf8"));
  } catch (error) {
    return {
      ok: false,
      reason: `submission.csv does not parse as CSV: ${oneLine((error as Error).message)}`,
    };
  }
  if (parsed.header.length === 0)
    return { ok: false, reason: "submission.csv is empty: it needs a header row" };
  const wrong = checkHeader(parsed.header, expected);
  if (wrong !== undefined) return { ok: false, reason: wrong };
  const only = parsed.header[0] ?? "";
  const rename = expected.positional?.renameTo;
  const rows =
    rename === undefined || rename === only
      ? parsed.rows
      : parsed.rows.map((row) => ({ [rename]: row[only] }));
  return { ok: true, rows, header: parsed.header };
}

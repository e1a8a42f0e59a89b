/**
 * Reads one split of a data folder into rows, whichever way it is stored: a Hugging Face
 * `save_to_disk` folder (Arrow IPC files listed in state.json), `<split>.csv` or `<split>.jsonl`.
 * The host-side evaluator and a solution's runtime both read data through it.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { DataType, Precision, type Table, tableFromIPC, Vector } from "apache-arrow";
import { parse } from "csv-parse/sync";
import { UserError } from "../../sdk/errors.js";
import type { Row } from "./runtime.js";

export type TableFormat = "arrow" | "csv" | "jsonl";

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();
const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

/** Where a split is stored in `dataDir`, or undefined when the folder lacks it. */
export function findTable(dataDir: string, split: string): { format: TableFormat; path: string } | undefined {
  const folder = join(dataDir, split);
  if (isDir(folder) && (isFile(join(folder, "state.json")) || arrowFilesIn(folder).length > 0)) {
    return { format: "arrow", path: folder };
  }
  if (isFile(`${folder}.jsonl`)) return { format: "jsonl", path: `${folder}.jsonl` };
  if (isFile(`${folder}.csv`)) return { format: "csv", path: `${folder}.csv` };
  return undefined;
}

/** Reads `dataDir`'s split into rows; a missing or unreadable split is a UserError naming the folder. */
export async function readTable(dataDir: string, split: string): Promise<Row[]> {
  const found = findTable(dataDir, split);
  if (found === undefined) {
    throw new UserError(
      `${dataDir} has no "${split}" split: expected a Hugging Face save_to_disk folder ${split}/, ${split}.jsonl or ${split}.csv`,
    );
  }
  if (found.format === "arrow") return readArrowFolder(found.path);
  const text = await readFile(found.path, "utf8");
  return found.format === "csv" ? parseCsv(text, found.path) : parseJsonl(text, found.path);
}

function arrowFilesIn(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith(".arrow"))
    .sort();
}

/** The Arrow files of a save_to_disk folder, in state.json's order (else sorted by name). */
async function dataFilesOf(folder: string): Promise<string[]> {
  const statePath = join(folder, "state.json");
  if (!isFile(statePath)) return arrowFilesIn(folder);
  let state: unknown;
  try {
    state = JSON.parse(await readFile(statePath, "utf8"));
  } catch (error) {
    throw new UserError(`${statePath} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const files = (state as { _data_files?: unknown })._data_files;
  if (!Array.isArray(files) || files.some((file) => typeof file?.filename !== "string")) {
    throw new UserError(
      `${statePath} lacks "_data_files": [{"filename": ...}], as datasets' save_to_disk writes it`,
    );
  }
  return files.map((file: { filename: string }) => file.filename);
}

async function readArrowFolder(folder: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const name of await dataFilesOf(folder)) {
    const path = join(folder, name);
    let table: Table;
    try {
      table = tableFromIPC(await readFile(path));
    } catch (error) {
      throw new UserError(`${path} is not a readable Arrow IPC file: ${(error as Error).message}`, {
        cause: error,
      });
    }
    appendRows(table, rows);
  }
  return rows;
}

function appendRows(table: Table, rows: Row[]): void {
  const columns = table.schema.fields.map((field, index) => {
    const vector = table.getChildAt(index);
    return { name: field.name, values: vector === null ? [] : plainValues(vector) };
  });
  for (let i = 0; i < table.numRows; i++) {
    const row: Row = {};
    for (const { name, values } of columns) row[name] = values[i] ?? null;
    rows.push(row);
  }
}

/** Floats and ints up to 32 bits: their typed array is the values (nulls patched in after). */
function isPlainNumeric(type: DataType): boolean {
  return (
    (DataType.isFloat(type) && type.precision !== Precision.HALF) ||
    (DataType.isInt(type) && type.bitWidth < 64)
  );
}

/** A vector's values as plain data; numeric vectors in bulk (long series are read fast). */
function plainValues(vector: Vector): unknown[] {
  if (!isPlainNumeric(vector.type)) return Array.from(vector as Iterable<unknown>, toPlain);
  const typed = vector.toArray() as ArrayLike<number>;
  // A plain loop: Array.from over a typed array is several times slower on long series.
  const values: unknown[] = new Array(typed.length);
  for (let i = 0; i < typed.length; i++) values[i] = typed[i];
  if (vector.nullCount > 0) {
    for (let i = 0; i < values.length; i++) if (!vector.isValid(i)) values[i] = null;
  }
  return values;
}

/** An Arrow value as plain JSON-like data: lists as arrays, structs as objects, safe BigInts as numbers. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (typeof value !== "object") return value;
  if (value instanceof Vector) return plainValues(value);
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<unknown>, toPlain);
  if (value instanceof Map)
    return Object.fromEntries([...value].map(([key, item]) => [String(key), toPlain(item)]));
  const json =
    typeof (value as { toJSON?: unknown }).toJSON === "function"
      ? (value as { toJSON(): unknown }).toJSON()
      : value;
  if (Array.isArray(json)) return json.map(toPlain);
  if (json instanceof Map) return toPlain(json);
  const out: Row = {};
  for (const [key, item] of Object.entries(json as object)) out[key] = toPlain(item);
  return out;
}

function parseCsv(text: string, path: string): Row[] {
  try {
    return parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Row[];
  } catch (error) {
    throw new UserError(`${path} is not a CSV file with a header row: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function parseJsonl(text: string, path: string): Row[] {
  const rows: Row[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim() ?? "";
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new UserError(`${path} line ${i + 1} is not JSON: ${(error as Error).message}`, { cause: error });
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new UserError(`${path} line ${i + 1} is not a JSON object (one row per line)`);
    }
    rows.push(value as Row);
  }
  return rows;
}

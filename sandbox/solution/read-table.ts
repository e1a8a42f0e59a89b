/**
 * Reads one split of a data folder into rows, whichever way it is stored: a Hugging Face
 * `save_to_disk` folder (Arrow IPC files listed in state.json), `<split>.csv` or `<split>.jsonl`.
 * The host-side evaluator and a solution's runtime both read data through it.
 */
import type { Row } from "./runtime.js";

export type TableFormat = "arrow" | "csv" | "jsonl";

/** Where a split is stored in `dataDir`, or undefined when the folder lacks it. */
export function findTable(_dataDir: string, _split: string): { format: TableFormat; path: string } | undefined {
  throw new Error("findTable: being written (issue 13)");
}

/** Reads `dataDir`'s split into rows; a missing or unreadable split is a UserError naming the folder. */
export async function readTable(_dataDir: string, _split: string): Promise<Row[]> {
  throw new Error("readTable: being written (issue 13)");
}

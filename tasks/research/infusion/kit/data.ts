/**
 * Training data as flat float64 arrays, and edits to it: an edit replaces one training example's
 * pixels (its label stays). An edit set is valid when it names at most k distinct training
 * indices and moves no pixel further than ε from its original value.
 */
import type { Budget } from "./recipe.js";

export interface Dataset {
  /** n × dim pixels, example after example. */
  x: Float64Array;
  y: Int32Array;
  n: number;
  dim: number;
}

/** One edited training example: its index in the training split and all its new pixels. */
export interface Edit {
  index: number;
  pixels: number[];
}

/** Rows with `pixels` (a list of numbers) and `label` into a Dataset. */
export function toDataset(rows: readonly { [column: string]: unknown }[], dim: number): Dataset {
  const n = rows.length;
  const x = new Float64Array(n * dim);
  const y = new Int32Array(n);
  rows.forEach((row, i) => {
    const pixels = typeof row.pixels === "string" ? (JSON.parse(row.pixels) as unknown) : row.pixels;
    if (!Array.isArray(pixels) || pixels.length !== dim)
      throw new Error(`row ${i} has no list of ${dim} pixels`);
    for (let j = 0; j < dim; j++) x[i * dim + j] = Number(pixels[j]);
    y[i] = Number(row.label ?? -1);
  });
  return { x, y, n, dim };
}

/** The pixels of example i, as a copy. */
export function example(data: Dataset, i: number): Float64Array {
  return data.x.slice(i * data.dim, (i + 1) * data.dim);
}

/** A copy of `data` with the edits applied. */
export function applyEdits(data: Dataset, edits: readonly Edit[]): Dataset {
  const x = data.x.slice();
  for (const { index, pixels } of edits) x.set(pixels, index * data.dim);
  return { x, y: data.y, n: data.n, dim: data.dim };
}

/** Slack for pixels written as decimal text: an edit at exactly ε may read back a hair over it. */
export const BUDGET_TOLERANCE = 1e-9;

/** Why `edits` break the budget, or undefined when they are valid. */
export function budgetViolation(data: Dataset, edits: readonly Edit[], budget: Budget): string | undefined {
  if (edits.length > budget.k) return `${edits.length} edits; at most k = ${budget.k} are allowed`;
  const seen = new Set<number>();
  for (const [e, { index, pixels }] of edits.entries()) {
    if (!Number.isInteger(index) || index < 0 || index >= data.n)
      return `edit ${e}: index ${index} is not a training index (0 to ${data.n - 1})`;
    if (seen.has(index)) return `edit ${e}: index ${index} is edited twice`;
    seen.add(index);
    if (!Array.isArray(pixels) || pixels.length !== data.dim)
      return `edit ${e}: needs ${data.dim} pixels, got ${Array.isArray(pixels) ? pixels.length : typeof pixels}`;
    for (let j = 0; j < data.dim; j++) {
      const value = pixels[j];
      if (typeof value !== "number" || !Number.isFinite(value))
        return `edit ${e}: pixel ${j} is not a finite number`;
      const moved = Math.abs(value - (data.x[index * data.dim + j] as number));
      if (moved > budget.epsilon + BUDGET_TOLERANCE)
        return `edit ${e} (index ${index}): pixel ${j} moves ${moved.toPrecision(4)}, over ε = ${budget.epsilon}`;
    }
  }
  return undefined;
}

/** The largest pixel change of one edit (its L∞ size). */
export function editSize(data: Dataset, edit: Edit): number {
  let size = 0;
  for (let j = 0; j < data.dim; j++)
    size = Math.max(
      size,
      Math.abs((edit.pixels[j] as number) - (data.x[edit.index * data.dim + j] as number)),
    );
  return size;
}

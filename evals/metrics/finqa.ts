/**
 * FinQA accuracy: numeric answers match within a tolerance, others by normalised text. The
 * official rules: strip `$ £ €`, commas and spaces; `(x)` means −x; a trailing `%` divides by
 * 100; match when |p − t| ≤ max(1e-4, 1e-4 · max(1, |t|)); else compare lower-cased text with
 * collapsed whitespace.
 */
import { fractionTrue } from "./accuracy.js";
import { checkRowCount, isPandasNa, labelValue, type Row, submissionColumn } from "./cells.js";

const ABS_TOL = 1e-4;
const REL_TOL = 1e-4;

/** Python's `float()` grammar, less "inf"/"nan" spellings' case variants handled below. */
const FLOAT = /^[+-]?((\d+(_\d+)*)?\.?\d+(_\d+)*|\d+(_\d+)*\.)([eE][+-]?\d+(_\d+)*)?$/;
const SPECIAL = /^[+-]?(inf|infinity|nan)$/i;

/** Python `float(text)`, or undefined where it raises. */
function pythonFloat(text: string): number | undefined {
  const trimmed = text.trim();
  if (FLOAT.test(trimmed)) return Number(trimmed.replace(/_/g, ""));
  if (SPECIAL.test(trimmed)) {
    const negative = trimmed.startsWith("-");
    if (/nan/i.test(trimmed)) return Number.NaN;
    return negative ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  return undefined;
}

/** The official `to_number`: a number, or undefined when the text is not one. */
export function finqaNumber(text: string): number | undefined {
  let s = text.trim();
  if (s === "") return undefined;
  let negative = false;
  if (s.startsWith("(") && s.endsWith(")")) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  s = s.replace(/[$£€, ]/g, "");
  let percent = false;
  if (s.endsWith("%")) {
    percent = true;
    s = s.slice(0, -1);
  }
  let value = pythonFloat(s);
  if (value === undefined) return undefined;
  if (negative) value = -value;
  if (percent) value /= 100;
  return value;
}

/** Lower-cased, trimmed, internal whitespace collapsed. */
export function finqaText(text: string): string {
  return text.trim().toLowerCase().split(/\s+/).filter(Boolean).join(" ");
}

/** Whether one prediction matches one answer under the official rules. */
export function finqaMatch(predicted: string, answer: string): boolean {
  const p = finqaNumber(predicted);
  const t = finqaNumber(answer);
  if (p !== undefined && t !== undefined) {
    return Math.abs(p - t) <= Math.max(ABS_TOL, REL_TOL * Math.max(1, Math.abs(t)));
  }
  return finqaText(predicted) === finqaText(answer);
}

/** pandas reads NA-like cells as NaN, which the evaluator turns into "". */
function asText(value: unknown): string {
  return isPandasNa(value) ? "" : String(value);
}

export function scoreFinqa(predictions: readonly Row[], labels: readonly Row[], column: string): number {
  checkRowCount(predictions.length, labels.length);
  const predColumn = submissionColumn(predictions, column);
  const hits = labels.map((row, i) =>
    finqaMatch(asText(predictions[i]![predColumn]), asText(labelValue(row, i, column))),
  );
  return labels.length === 0 ? 0 : fractionTrue(hits);
}

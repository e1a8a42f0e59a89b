/**
 * SQuAD exact match and DuoRC's accuracy. Both normalise answers as SQuAD v1.1's
 * `normalize_answer`: lower-case, drop ASCII punctuation, drop the articles a/an/the as whole
 * words, collapse whitespace. DuoRC adds a no-answer rule: a submission that says it has no
 * answer is right exactly when the question has none.
 */
import { fractionTrue } from "./accuracy.js";
import {
  checkRowCount,
  describe,
  InvalidSubmissionError,
  isPandasNa,
  labelValue,
  parseJsonText,
  type Row,
  requireColumn,
  submissionColumn,
  toNumber,
} from "./cells.js";

/** Python's `string.punctuation`. */
const PUNCTUATION = new Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
/** `\b(a|an|the)\b` with Python's Unicode word characters. */
const ARTICLES = /(?<![\p{L}\p{N}_])(a|an|the)(?![\p{L}\p{N}_])/gu;

export function normalizeAnswer(text: string): string {
  const lower = text.toLowerCase();
  const noPunctuation = Array.from(lower)
    .filter((char) => !PUNCTUATION.has(char))
    .join("");
  return noPunctuation.replace(ARTICLES, " ").split(/\s+/).filter(Boolean).join(" ");
}

/** Whether the prediction matches any gold answer after normalisation. */
export function exactMatchAny(predicted: string, golds: readonly string[]): boolean {
  const normalized = normalizeAnswer(predicted);
  return golds.some((gold) => normalizeAnswer(gold) === normalized);
}

/**
 * The gold answers of a label: SQuAD's `{text: [...], answer_start: [...]}`, a list of strings,
 * or one string (JSON text of either is accepted, as CSV labels carry it).
 */
export function goldAnswers(value: unknown): string[] {
  const parsed = parseJsonText(value);
  if (Array.isArray(parsed)) return parsed.map(String);
  if (parsed !== null && typeof parsed === "object" && "text" in parsed) {
    const text = (parsed as { text: unknown }).text;
    return Array.isArray(text) ? text.map(String) : [String(text)];
  }
  if (parsed === null || parsed === undefined) return [];
  return [String(parsed)];
}

/**
 * The prediction as the official SQuAD evaluator sees it: pandas reads NA-like cells as NaN,
 * which `str()` makes "nan"; the cell `"None"` written with quotes stands for None.
 */
function squadPrediction(value: unknown): string {
  if (isPandasNa(value)) return "nan";
  const text = String(value);
  return text === '"None"' ? "None" : text;
}

export function scoreSquadExactMatch(
  predictions: readonly Row[],
  labels: readonly Row[],
  column: string,
): number {
  checkRowCount(predictions.length, labels.length);
  const predColumn = submissionColumn(predictions, column);
  const hits = labels.map((row, i) =>
    exactMatchAny(squadPrediction(predictions[i]![predColumn]), goldAnswers(labelValue(row, i, column))),
  );
  return fractionTrue(hits);
}

/** A has-answer flag: true/false in any case, 1/0, or a boolean; anything else is invalid. */
function submissionFlag(value: unknown, index: number): boolean {
  if (typeof value === "boolean") return value;
  const text = typeof value === "string" ? value.trim().toLowerCase() : value;
  if (text === "true") return true;
  if (text === "false") return false;
  const number = toNumber(value);
  if (number === 0 || number === 1) return number === 1;
  throw new InvalidSubmissionError(
    `row ${index + 1}, column 'has_answer': ${describe(value)} is not true/false or 1/0`,
  );
}

function labelFlag(value: unknown): boolean {
  if (typeof value === "string") return value.trim().toLowerCase() === "true" || value.trim() === "1";
  return Boolean(value);
}

/**
 * DuoRC: submission columns `answer` and `has_answer`; labels `answers` (the scoring column,
 * a list) and `no_answer`. Saying "no answer" scores when the label has none; otherwise the
 * answer must match a gold answer.
 */
export function scoreDuorc(predictions: readonly Row[], labels: readonly Row[], column: string): number {
  checkRowCount(predictions.length, labels.length);
  requireColumn(predictions, "answer");
  requireColumn(predictions, "has_answer");
  const hits = labels.map((row, i) => {
    const prediction = predictions[i]!;
    if (!submissionFlag(prediction.has_answer, i)) return labelFlag(labelValue(row, i, "no_answer"));
    const answer = prediction.answer;
    return exactMatchAny(
      answer === null || answer === undefined ? "" : String(answer),
      goldAnswers(row[column]),
    );
  });
  return fractionTrue(hits);
}

/**
 * ROUGE-L F-measure as the `rouge_score` package computes it with `use_stemmer=True`: its
 * default tokenizer (lower-case, every run of characters outside [a-z0-9] a separator, Porter
 * stems for tokens longer than 3), LCS precision and recall, F = 2PR / (P + R). ELI5's score is
 * the mean over rows (the official aggregator reports the median of 1,000 bootstrap means, an
 * estimate of this mean).
 */
import {
  checkRowCount,
  InvalidSubmissionError,
  isPandasNa,
  labelValue,
  type Row,
  submissionColumn,
} from "./cells.js";
import { porterStem } from "./porter-stemmer.js";
import { goldAnswers } from "./squad.js";

export function rougeTokenize(text: string, stem = true): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .split(/\s+/)
    .filter((token) => token.length > 0)
    .map((token) => (stem && token.length > 3 ? porterStem(token) : token));
}

/** Length of the longest common subsequence (one rolling row of the DP table). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1]!);
      diagonal = above;
    }
  }
  return row[b.length]!;
}

export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

/** ROUGE-L of one prediction against one reference. */
export function rougeL(reference: string, prediction: string, stem = true): RougeScore {
  const ref = rougeTokenize(reference, stem);
  const pred = rougeTokenize(prediction, stem);
  if (ref.length === 0 || pred.length === 0) return { precision: 0, recall: 0, fmeasure: 0 };
  const lcs = lcsLength(ref, pred);
  const precision = lcs / pred.length;
  const recall = lcs / ref.length;
  const fmeasure = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, fmeasure };
}

/**
 * The ELI5 evaluator: the reference is the first gold answer. A cell pandas reads as NaN (empty,
 * "NA", "None", ...) makes the official tokenizer fail, so it is invalid here too.
 */
export function scoreRougeL(predictions: readonly Row[], labels: readonly Row[], column: string): number {
  checkRowCount(predictions.length, labels.length);
  const predColumn = submissionColumn(predictions, column);
  if (labels.length === 0) return Number.NaN;
  let total = 0;
  labels.forEach((row, i) => {
    const predicted = predictions[i]![predColumn];
    if (isPandasNa(predicted)) {
      throw new InvalidSubmissionError(
        `row ${i + 1}, column '${predColumn}': empty or NA answer (the official evaluator cannot score it)`,
      );
    }
    const reference = goldAnswers(labelValue(row, i, column))[0] ?? "";
    total += rougeL(reference, String(predicted)).fmeasure;
  });
  return total / labels.length;
}

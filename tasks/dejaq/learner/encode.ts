/**
 * What the learning student reads of a problem: the numbers in the text, in order, and for each
 * a hashed bag of features (the words just before and after it, the question's words, its
 * position). The student never sees the program: it must learn from the words which operation
 * each number takes.
 */

/** A problem as the learner sees it: the text, and the answer its reward is checked against. */
export interface LearnerProblem {
  text: string;
  answer: number;
}

export interface EncodeOptions {
  /** Hashed feature dimension (default 512). */
  dim?: number;
  /** Words taken on each side of a number (default 4). */
  window?: number;
}

export interface EncodedProblem {
  /** The numbers of the text, in order of appearance. */
  numbers: number[];
  /** One row per number: the indices of its active features (each counts 1, with repeats). */
  features: number[][];
}

const NUMBER = /\d[\d,]*(?:\.\d+)?/g;

/** FNV-1a over the text, folded into [0, dim). */
function hashFeature(text: string, dim: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % dim;
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+/g) ?? [];
}

/** The question: the last sentence ending in "?", else the last sentence. */
function question(text: string): string {
  const sentences = text.split(/(?<=[.?!])\s+/);
  for (let i = sentences.length - 1; i >= 0; i--) if (sentences[i]!.includes("?")) return sentences[i]!;
  return sentences[sentences.length - 1] ?? "";
}

export function encodeProblem(text: string, options: EncodeOptions = {}): EncodedProblem {
  const dim = options.dim ?? 512;
  const window = options.window ?? 4;
  const numbers: number[] = [];
  const features: number[][] = [];
  const questionWords = [...new Set(words(question(text)))];
  const matches = [...text.matchAll(NUMBER)];
  for (const [index, match] of matches.entries()) {
    const value = Number(match[0].replace(/,/g, ""));
    if (!Number.isFinite(value)) continue;
    const start = match.index ?? 0;
    const left = words(text.slice(0, start)).slice(-window);
    const right = words(text.slice(start + match[0].length)).slice(0, window);
    const row: string[] = ["bias", `pos:${Math.min(index, 6)}`];
    if (index === matches.length - 1) row.push("last");
    left.forEach((w, k) => {
      row.push(`L:${w}`);
      if (k === left.length - 1) row.push(`L1:${w}`);
    });
    right.forEach((w, k) => {
      row.push(`R:${w}`);
      if (k === 0) row.push(`R1:${w}`);
    });
    for (const w of questionWords) row.push(`Q:${w}`);
    numbers.push(value);
    features.push(row.map((f) => hashFeature(f, dim)));
  }
  return { numbers, features };
}

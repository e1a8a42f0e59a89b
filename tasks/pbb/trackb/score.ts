/** Exact match after trimming surrounding whitespace: the paper's metric for execution outputs. */
export function exactMatch(predicted: string, gold: string): boolean {
  return predicted.trim() === gold.trim();
}

/** The fraction of predictions equal to their gold answers (0 for none). */
export function exactMatchRate(predicted: readonly string[], gold: readonly string[]): number {
  if (predicted.length !== gold.length) {
    throw new RangeError(`${predicted.length} predictions for ${gold.length} gold answers`);
  }
  if (gold.length === 0) return 0;
  return predicted.filter((p, i) => exactMatch(p, gold[i]!)).length / gold.length;
}

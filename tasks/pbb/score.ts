/** Exact match of an agent's answer against the gold output, and a binomial interval for a rate. */
import type { JsonValue } from "../task.js";

export interface Match {
  correct: boolean;
  /** Why the answer could not be compared (an agent's error, a wrong type). */
  error?: string;
}

/**
 * Exact match. A number matches the same integer (a string of exactly its digits also counts, as
 * models often quote numbers); a word matches the same string, surrounding spaces ignored.
 */
export function exactMatch(answer: unknown, gold: JsonValue): Match {
  if (answer !== null && typeof answer === "object" && !Array.isArray(answer) && "error" in answer) {
    return { correct: false, error: `the agent failed: ${String((answer as { error: unknown }).error)}` };
  }
  if (typeof gold === "number") {
    if (typeof answer === "number") return { correct: answer === gold };
    if (typeof answer === "string") return { correct: answer.trim() === String(gold) };
    return { correct: false, error: `expected a number, got ${JSON.stringify(answer)?.slice(0, 80)}` };
  }
  if (typeof answer !== "string") {
    return { correct: false, error: `expected a string, got ${JSON.stringify(answer)?.slice(0, 80)}` };
  }
  return { correct: answer.trim() === gold };
}

/** The Wilson score interval (95%) for `hits` successes out of `n`: sound at 0% and 100%. */
export function wilsonInterval(hits: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.959964;
  const p = hits / n;
  const denominator = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

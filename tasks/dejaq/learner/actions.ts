/**
 * The learner's action space: for each number of the text, in order, one operation that folds it
 * into the running value. A problem whose program is such a fold (most one-chain word problems,
 * with distractor numbers skipped) is solvable; others are not, which the learnability signal sees.
 */

export const ACTIONS = ["add", "sub", "rsub", "mul", "div", "rdiv", "skip"] as const;
export type Action = (typeof ACTIONS)[number];
export const ACTION_COUNT = ACTIONS.length;

/**
 * Folds the numbers with the action indices: the first used number starts the value (whatever
 * its operation), then add: v + n, sub: v − n, rsub: n − v, mul: v · n, div: v / n,
 * rdiv: n / v, skip: unchanged. No number used gives NaN.
 */
export function runActions(numbers: readonly number[], actions: readonly number[]): number {
  let value: number | undefined;
  for (const [i, n] of numbers.entries()) {
    const action = ACTIONS[actions[i] ?? ACTION_COUNT - 1];
    if (action === "skip" || action === undefined) continue;
    if (value === undefined) {
      value = n;
      continue;
    }
    if (action === "add") value += n;
    else if (action === "sub") value -= n;
    else if (action === "rsub") value = n - value;
    else if (action === "mul") value *= n;
    else if (action === "div") value /= n;
    else value = n / value;
  }
  return value ?? Number.NaN;
}

/** Exact answers, up to float rounding. */
export function isCorrect(value: number, answer: number): boolean {
  return Number.isFinite(value) && Math.abs(value - answer) <= 1e-6 * Math.max(1, Math.abs(answer));
}

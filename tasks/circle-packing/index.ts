/**
 * Circle packing (AlphaEvolve B.12): pack n disjoint circles in the unit square, maximising the
 * sum of their radii. The instances are deterministic problems (n = 26 and n = 32), so every
 * split holds the same two: "train" drives evolution, "val" and "test" exist so selection and
 * reporting run the same code path as on the other tasks. An agent cannot overfit a split it
 * already solves exactly; what differs between agents is how good a packing they find.
 */
import type { Evaluation, JsonValue, Split, Task, TaskInstance } from "../task.js";
import { BEST_KNOWN_SUM_OF_RADII } from "./best-known.js";
import { PACKING_TOLERANCE, validatePacking } from "./validate.js";

export { BEST_KNOWN_SUM_OF_RADII } from "./best-known.js";
export { type Circle, PACKING_TOLERANCE, type PackingCheck, validatePacking } from "./validate.js";

export const CIRCLE_PACKING_SIZES = [26, 32] as const;

const description = `Circle packing: place n disjoint circles inside the unit square [0, 1] x [0, 1] so that the sum of their radii is as large as possible.

Input (JSON): { "n": number }  (the bundled instances use n = 26 and n = 32).
Output (JSON): { "circles": [[x, y, r], ...] } with exactly n entries, each three finite numbers: centre x, centre y, radius r.

Validity (tolerance tol = ${PACKING_TOLERANCE}):
- r >= 0 for every circle;
- inside the square: x - r >= -tol, x + r <= 1 + tol, y - r >= -tol, y + r <= 1 + tol;
- no overlap: for every pair i < j, sqrt((xi - xj)^2 + (yi - yj)^2) >= ri + rj - tol.
Any violation (wrong count, non-finite number, negative radius, a circle outside the square, an overlapping pair) scores 0, and the error names the first violation.

Score: sum of radii / best known sum of radii (n = 26: ${BEST_KNOWN_SUM_OF_RADII[26]}, n = 32: ${BEST_KNOWN_SUM_OF_RADII[32]}), clamped to [0, 1]. The details report sumRadii and the raw ratio.`;

function instancesFor(split: Split): TaskInstance[] {
  return CIRCLE_PACKING_SIZES.map((n) => ({ id: `${split}-n${n}`, input: { n } }));
}

function sizeOf(instance: TaskInstance): number {
  const input = instance.input;
  if (typeof input === "object" && input !== null && !Array.isArray(input)) {
    const n = input.n;
    if (typeof n === "number" && Number.isInteger(n) && n > 0) return n;
  }
  throw new Error(`circle-packing instance ${instance.id} has no integer "n" in its input`);
}

/** Scores one answer: 0 with an error when invalid, else sum of radii / best known, clamped to [0, 1]. */
export function scorePacking(value: unknown, n: number): Evaluation {
  const best = BEST_KNOWN_SUM_OF_RADII[n];
  const check = validatePacking(value, n);
  if (!check.ok) return { score: 0, error: check.error, details: { n } };
  const details: { [key: string]: JsonValue } = { n, sumRadii: check.sumRadii };
  if (best === undefined) return { score: 0, error: `no best known value for n = ${n}`, details };
  const ratio = check.sumRadii / best;
  return { score: Math.min(1, Math.max(0, ratio)), details: { ...details, ratio, bestKnown: best } };
}

export const circlePackingTask: Task = {
  id: "circle-packing",
  description,
  splits: ["train", "val", "test"],
  // One instance (n = 26) screens a candidate before the full split.
  stageSize: 1,
  async instances(split) {
    return instancesFor(split);
  },
  async evaluate(instance, ctx) {
    const n = sizeOf(instance);
    const reply = await ctx.agent(instance.input);
    if (!reply.ok) return { score: 0, error: `the agent failed: ${reply.error}`, details: { n } };
    return scorePacking(reply.value, n);
  },
};

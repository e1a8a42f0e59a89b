/**
 * Circle packing (AlphaEvolve B.12): pack n disjoint circles in the unit square, maximising the
 * sum of their radii. Instances are deterministic problems, one per n:
 * - train and val: n = 26 and n = 32, the two problems peers report. Evolution improves on train
 *   and selects on val, so val is the same two problems again, not held out.
 * - test: n = 27, 28, 29 and 30, held out: no agent sees them during evolution, so the test score
 *   says whether an evolved program packs other n as well as the ones it was tuned on.
 * The headline figure is n = 26 alone (as every peer reports it); n = 32 is its own line.
 */
import type {
  Evaluation,
  InstanceResult,
  JsonValue,
  Split,
  Task,
  TaskFigure,
  TaskInstance,
} from "../task.js";
import { BEST_KNOWN_SUM_OF_RADII, CIRCLE_PACKING_REFERENCES } from "./best-known.js";
import { CIRCLE_PACKING_SPLITS } from "./splits.js";
import { PACKING_TOLERANCE, validatePacking } from "./validate.js";

export { BEST_KNOWN_SUM_OF_RADII, CIRCLE_PACKING_REFERENCES, type ReferenceSum } from "./best-known.js";
// The problems of each split (see the module comment for why test differs).
export { CIRCLE_PACKING_SPLITS } from "./splits.js";
export { type Circle, PACKING_TOLERANCE, type PackingCheck, validatePacking } from "./validate.js";

/** The n peers quote as the headline. */
export const HEADLINE_N = 26;

const references = Object.entries(CIRCLE_PACKING_REFERENCES)
  .map(([n, ref]) => `n = ${n}: ${ref.sumOfRadii}`)
  .join(", ");

const description = `Circle packing: place n disjoint circles inside the unit square [0, 1] x [0, 1] so that the sum of their radii is as large as possible.

Input (JSON): { "n": number }  (the bundled instances use n = 26 to 32; a program must handle any n).
Output (JSON): { "circles": [[x, y, r], ...] } with exactly n entries, each three finite numbers: centre x, centre y, radius r.

Validity (tolerance tol = ${PACKING_TOLERANCE}):
- r >= 0 for every circle;
- inside the square: x - r >= -tol, x + r <= 1 + tol, y - r >= -tol, y + r <= 1 + tol;
- no overlap: for every pair i < j, sqrt((xi - xj)^2 + (yi - yj)^2) >= ri + rj - tol.
Any violation (wrong count, non-finite number, negative radius, a circle outside the square, an overlapping pair) scores 0, and the error names the first violation.

Score: sum of radii / reference sum of radii (${references}), capped at 1. The details report sumRadii, the uncapped ratio, and record: true when the packing beats the reference.`;

function instancesFor(split: Split): TaskInstance[] {
  return CIRCLE_PACKING_SPLITS[split].map((n) => ({ id: `${split}-n${n}`, input: { n } }));
}

function sizeOf(instance: TaskInstance): number {
  const input = instance.input;
  if (typeof input === "object" && input !== null && !Array.isArray(input)) {
    const n = input.n;
    if (typeof n === "number" && Number.isInteger(n) && n > 0) return n;
  }
  throw new Error(`circle-packing instance ${instance.id} has no integer "n" in its input`);
}

/**
 * Scores one answer: 0 with an error when invalid, else sum of radii / reference. The score is
 * capped at 1 (the Task contract's range); the details keep the uncapped ratio and say `record`
 * when the packing beats the reference, so a record is never hidden by the cap.
 */
export function scorePacking(
  value: unknown,
  n: number,
  references: Readonly<Record<number, number>> = BEST_KNOWN_SUM_OF_RADII,
): Evaluation {
  const reference = references[n];
  const check = validatePacking(value, n);
  if (!check.ok) return { score: 0, error: check.error, details: { n } };
  const details: { [key: string]: JsonValue } = { n, sumRadii: check.sumRadii };
  if (reference === undefined) return { score: 0, error: `no reference value for n = ${n}`, details };
  const ratio = check.sumRadii / reference;
  return {
    score: Math.min(1, Math.max(0, ratio)),
    details: { ...details, ratio, bestKnown: reference, record: ratio > 1 },
  };
}

function numberField(details: unknown, key: string): number | undefined {
  if (typeof details !== "object" || details === null) return undefined;
  const value = (details as Record<string, unknown>)[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/**
 * One figure per n, in order of n: the uncapped ratio with the raw sum of radii beside it;
 * n = 26 is the headline. An invalid packing shows ratio 0 and sum 0.
 */
export function circlePackingFigures(results: readonly InstanceResult[]): TaskFigure[] {
  const rows = results
    .map((result) => {
      const n = numberField(result.details, "n") ?? Number(/n(\d+)$/.exec(result.instanceId)?.[1]);
      return { result, n };
    })
    .filter((row) => Number.isInteger(row.n))
    .sort((a, b) => a.n - b.n);
  return rows.map(({ result, n }) => {
    const reference = BEST_KNOWN_SUM_OF_RADII[n];
    const ratio = numberField(result.details, "ratio") ?? 0;
    const figure: TaskFigure = {
      label: `n = ${n}`,
      value: ratio,
      unit: reference === undefined ? "ratio" : `ratio to ${reference}`,
      extra: { "sum of radii": numberField(result.details, "sumRadii") ?? 0 },
    };
    if (n === HEADLINE_N) figure.headline = true;
    if (ratio > 1) figure.note = "record: above the reference";
    return figure;
  });
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
  figures: circlePackingFigures,
};

/**
 * The strict circle-packing validator. Published results differ at the 4th decimal depending on
 * the tolerance their checkers used (ShinkaEvolve #73, OpenEvolve #183, CORAL #47), so the rules
 * are fixed here and documented in the task description:
 * - exactly n circles, each `[x, y, r]` of finite numbers with r >= 0;
 * - inside the unit square: x - r >= -tol, x + r <= 1 + tol, y - r >= -tol, y + r <= 1 + tol;
 * - no overlap: for every pair, dist(centres) >= r1 + r2 - tol;
 * with tol = 1e-9. The first violation found is reported.
 */

export const PACKING_TOLERANCE = 1e-9;

export type Circle = readonly [x: number, y: number, r: number];

export type PackingCheck = { ok: true; circles: Circle[]; sumRadii: number } | { ok: false; error: string };

function fail(error: string): PackingCheck {
  return { ok: false, error };
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a ${typeof value}`;
}

/** Checks an agent's answer `{ circles: [[x, y, r], ...] }` for `n` circles. */
export function validatePacking(value: unknown, n: number, tolerance = PACKING_TOLERANCE): PackingCheck {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail(`expected an object { circles: [[x, y, r], ...] }, got ${describe(value)}`);
  }
  const record = value as { circles?: unknown; error?: unknown };
  const raw = record.circles;
  if (!Array.isArray(raw)) {
    const reported = typeof record.error === "string" ? ` (the agent reported: ${record.error})` : "";
    return fail(`missing "circles" array${reported}`);
  }
  if (raw.length !== n) return fail(`expected exactly ${n} circles, got ${raw.length}`);

  const circles: Circle[] = [];
  for (let i = 0; i < raw.length; i++) {
    const entry: unknown = raw[i];
    if (!Array.isArray(entry) || entry.length !== 3) {
      return fail(`circle ${i} must be an array [x, y, r], got ${describe(entry)}`);
    }
    const [x, y, r] = entry as unknown[];
    if (typeof x !== "number" || typeof y !== "number" || typeof r !== "number") {
      return fail(`circle ${i} must hold three numbers`);
    }
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(r)) {
      return fail(`circle ${i} has a non-finite value`);
    }
    if (r < 0) return fail(`circle ${i} has a negative radius ${r}`);
    circles.push([x, y, r]);
  }

  for (let i = 0; i < circles.length; i++) {
    const [x, y, r] = circles[i]!;
    if (x - r < -tolerance || x + r > 1 + tolerance || y - r < -tolerance || y + r > 1 + tolerance) {
      return fail(`circle ${i} (x=${x}, y=${y}, r=${r}) lies outside the unit square`);
    }
  }

  for (let i = 0; i < circles.length; i++) {
    const [xi, yi, ri] = circles[i]!;
    for (let j = i + 1; j < circles.length; j++) {
      const [xj, yj, rj] = circles[j]!;
      const dist = Math.hypot(xi - xj, yi - yj);
      if (dist < ri + rj - tolerance) {
        return fail(`circles ${i} and ${j} overlap by ${ri + rj - dist}`);
      }
    }
  }

  let sumRadii = 0;
  for (const [, , r] of circles) sumRadii += r;
  return { ok: true, circles, sumRadii };
}

import { describe, expect, it } from "vitest";
import { marchOfNines, normalizedScoreLinear, normalizedScoreLog, observedWorstScore } from "./normalize.js";

// ↑ task: opt 1, worst 0, SOTA 0.9. φ(worst) = −log10 1 = 0; φ(SOTA) = −log10 0.1 = 1; so NS = φ(s).
const up = { optimal: 1, worst: 0, sota: 0.9, lowerIsBetter: false };
// ↓ task: opt 0, worst 100, SOTA 1. φ(worst) = −2, φ(SOTA) = 0; NS = (φ(s) + 2) / 2.
const down = { optimal: 0, worst: 100, sota: 1, lowerIsBetter: true };

describe("log ('march of nines') normalised score", () => {
  it("is 0 at the worst and 1 at SOTA", () => {
    expect(normalizedScoreLog(0, up)).toBe(0);
    expect(normalizedScoreLog(0.9, up)).toBeCloseTo(1, 12);
    expect(normalizedScoreLog(100, down)).toBe(0);
    expect(normalizedScoreLog(1, down)).toBe(1);
  });

  it("counts nines: one more nine past SOTA adds one SOTA-gap, and is not clipped above", () => {
    // 0.99: φ = 2 → NS 2. MAE 10: φ = −1 → NS 0.5; MAE 0.01: φ = 2 → NS 2.
    expect(normalizedScoreLog(0.99, up)).toBeCloseTo(2, 12);
    expect(normalizedScoreLog(10, down)).toBeCloseTo(0.5, 12);
    expect(normalizedScoreLog(0.01, down)).toBeCloseTo(2, 12);
  });

  it("caps φ at φ(opt ± 1e-3) = 3 for the exact optimum, in both directions", () => {
    expect(marchOfNines(1, 1)).toBe(3);
    expect(marchOfNines(0, 0)).toBe(3);
    expect(normalizedScoreLog(1, up)).toBeCloseTo(3, 12);
    // ↓: (3 + 2)/2 = 2.5; the notebook's |0.999 − 0| would give (0.0004 + 2)/2 ≈ 1.0002.
    expect(normalizedScoreLog(0, down)).toBeCloseTo(2.5, 12);
    // Closer than 1e-3 counts as 1e-3, so φ stays monotone.
    expect(normalizedScoreLog(0.0001, down)).toBeCloseTo(2.5, 12);
  });

  it("clips below at 0 and maps NaN (an invalid run) to 0", () => {
    // Worse than the worst: φ(−0.5) = −log10 1.5 < 0.
    expect(normalizedScoreLog(-0.5, up)).toBe(0);
    expect(normalizedScoreLog(1000, down)).toBe(0);
    expect(normalizedScoreLog(Number.NaN, up)).toBe(0);
  });

  it("follows the notebook where SOTA equals the worst: ±∞ → 100, 0/0 → 0", () => {
    const flat = { optimal: 1, worst: 0.9, sota: 0.9, lowerIsBetter: false };
    expect(normalizedScoreLog(0.99, flat)).toBe(100);
    expect(normalizedScoreLog(0.9, flat)).toBe(0);
  });
});

describe("linear normalised score", () => {
  it("is (s − worst)/(sota − worst), clipped below at 0 only", () => {
    expect(normalizedScoreLinear(0.45, up)).toBeCloseTo(0.5, 12);
    expect(normalizedScoreLinear(1, up)).toBeCloseTo(1 / 0.9, 12);
    // ↓: (10 − 100)/(1 − 100) = 90/99.
    expect(normalizedScoreLinear(10, down)).toBeCloseTo(90 / 99, 12);
    expect(normalizedScoreLinear(150, down)).toBe(0);
    expect(normalizedScoreLinear(Number.NaN, down)).toBe(0);
  });
});

describe("observed worst score", () => {
  it("is the lowest valid score for ↑ and the highest for ↓", () => {
    expect(observedWorstScore([0.5, null, 0.2, Number.NaN], false)).toBe(0.2);
    expect(observedWorstScore([3, 7, null], true)).toBe(7);
    expect(observedWorstScore([null], true)).toBeUndefined();
  });
});

/**
 * Reference sums of radii for n circles in the unit square (the score's denominator), each with
 * the source it is taken from. A packing above its reference is kept as a record (ratio > 1 in
 * the details), never silently clamped.
 *
 * - n = 26: 2.6359830849. ShinkaEvolve (arXiv 2509.19349) reports 2.63598325 and AlphaEvolve
 *   (arXiv 2506.13131, B.12) 2.63586; ThetaEvolve and numaro.tech (2026) report the same optimum,
 *   2.6359830853, under a strict feasibility tolerance. ShinkaEvolve #73 shows its published
 *   solution fails a strict validator, so we take the strictly valid value.
 * - n = 32: 2.939572, Georgiev, Gómez-Serrano, Tao and Wagner, "Mathematical exploration and
 *   discovery at scale" (arXiv 2511.02864, 2025); Erich Friedman's table lists it as "2.939+"
 *   (credited to Berthold et al., 2026). AlphaEvolve's construction 2 (2.937944, B.12) was the
 *   value used before; our own offline hyperagent finds 2.93887, valid at zero tolerance, so
 *   2.937944 was no longer the best known.
 * - n = 27, 28, 29, 30: Erich Friedman, "Circles in Squares" (maximum sum of radii),
 *   https://erich-friedman.github.io/packing/cirRsqu/, which prints three-decimal lower bounds
 *   ("2.685+"; D. W. Cantrell, 2011). Because the printed value is truncated, a packing equal to
 *   the record can sit up to 0.001 above it: `record` there means "above the printed value".
 */
export interface ReferenceSum {
  sumOfRadii: number;
  source: string;
}

const FRIEDMAN = "Friedman, Circles in Squares (max sum of radii), printed lower bound";

export const CIRCLE_PACKING_REFERENCES: Readonly<Record<number, ReferenceSum>> = {
  26: { sumOfRadii: 2.6359830849, source: "strictly valid optimum (ShinkaEvolve, ThetaEvolve)" },
  27: { sumOfRadii: 2.685, source: FRIEDMAN },
  28: { sumOfRadii: 2.737, source: FRIEDMAN },
  29: { sumOfRadii: 2.79, source: FRIEDMAN },
  30: { sumOfRadii: 2.842, source: FRIEDMAN },
  32: { sumOfRadii: 2.939572, source: "Georgiev, Gómez-Serrano, Tao, Wagner 2025 (arXiv 2511.02864)" },
};

/** The reference sums alone, keyed by n. */
export const BEST_KNOWN_SUM_OF_RADII: Readonly<Record<number, number>> = Object.fromEntries(
  Object.entries(CIRCLE_PACKING_REFERENCES).map(([n, ref]) => [n, ref.sumOfRadii]),
);

/**
 * Best known sums of radii for n circles in the unit square (the score's denominator).
 *
 * n = 26: 2.6359830849. ShinkaEvolve (arXiv 2509.19349) reports 2.63598325 and AlphaEvolve
 * (arXiv 2506.13131, B.12) 2.63586; ThetaEvolve and numaro.tech (2026) report the same optimum,
 * 2.6359830853, under a strict feasibility tolerance. ShinkaEvolve #73 shows its published
 * solution fails a strict validator, so we take the strictly valid value.
 * n = 32: 2.937944. AlphaEvolve (arXiv 2506.13131, B.12, construction 2) raised the state of the
 * art from 2.936 to 2.937; its published construction sums to about 2.937944.
 *
 * A packing above these values scores 1 (the score is clamped); `details.ratio` keeps the raw ratio.
 */
export const BEST_KNOWN_SUM_OF_RADII: Readonly<Record<number, number>> = {
  26: 2.6359830849,
  32: 2.937944,
};

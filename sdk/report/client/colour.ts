/** The score colour scale (viridis, cut before its palest yellow so nodes stay visible on white). */

const STOPS = [
  "#440154",
  "#482878",
  "#3e4989",
  "#31688e",
  "#26828e",
  "#1f9e89",
  "#35b779",
  "#6ece58",
  "#b5de2b",
];

const rgb = (hex: string): [number, number, number] => [
  Number.parseInt(hex.slice(1, 3), 16),
  Number.parseInt(hex.slice(3, 5), 16),
  Number.parseInt(hex.slice(5, 7), 16),
];

const STOP_RGB = STOPS.map(rgb);

/** Colour of t in [0, 1]. */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOP_RGB.length - 1);
  const i = Math.min(STOP_RGB.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOP_RGB[i]!;
  const b = STOP_RGB[i + 1]!;
  const mix = (k: number) => Math.round(a[k]! + (b[k]! - a[k]!) * f);
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
}

export interface ScoreScale {
  min: number;
  max: number;
  colour(score: number): string;
}

/** A scale over the archive's score range (widened when every score is the same). */
export function scoreScale(min: number, max: number): ScoreScale {
  const lo = max - min < 1e-9 ? Math.max(0, min - 0.05) : min;
  const hi = max - min < 1e-9 ? Math.min(1, max + 0.05) : max;
  const span = hi - lo || 1;
  return { min: lo, max: hi, colour: (score) => viridis((score - lo) / span) };
}

export const GRADIENT_CSS = `linear-gradient(to right, ${STOPS.join(", ")})`;

/** Distinct line colours for runs (Tableau 10, colour-blind friendlier than the defaults). */
export const SERIES_COLOURS = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#76b7b2",
  "#59a14f",
  "#edc948",
  "#b07aa1",
  "#ff9da7",
  "#9c755f",
  "#bab0ac",
];

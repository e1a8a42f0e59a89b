/**
 * A panel of daily page-view-like series in the Monash forecasting protocol (as AIRS-Bench's
 * Kaggle web traffic task uses it): each series is cut at three points, train rows pair the first
 * cut (`target`) with the second (`label_target`), test rows pair the second with the full series.
 * The series mix a level, a trend, a weekly profile, AR(1) noise and rare level shifts; a few are
 * dead pages (constant), which the MASE rule skips, and a few are nearly flat.
 */
import { deriveSeed, seededRandom } from "../../../../sdk/internal/random.js";
import type { AirsSplits, Row } from "../../format.js";

export const SERIES = 150;
/** Length of a train row's history; a test row's history is HISTORY + HORIZON long. */
export const HISTORY = 140;
/** Days to forecast: three weeks. */
export const HORIZON = 21;

/** The hidden parts of one series, kept so a reader (or a test) can compute the oracle forecast. */
export interface SeriesParts {
  /** Level, trend, weekly profile and the level shifts: what is predictable given the past. */
  structural: number[];
  /** The AR(1) noise process and its coefficient. */
  noise: number[];
  phi: number;
  /** The observed values: max(0, structural + noise), rounded to 0.1. */
  values: number[];
}

function gaussian(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function weeklyProfile(random: () => number, amplitude: number): number[] {
  const raw = Array.from({ length: 7 }, () => gaussian(random));
  // Pages are usually read on weekdays or at weekends: one of the two carries the weight.
  const weekendHeavy = random() < 0.3;
  for (const day of [5, 6]) raw[day] = (raw[day] ?? 0) + (weekendHeavy ? 1.5 : -1.5);
  const mean = raw.reduce((a, b) => a + b, 0) / 7;
  const spread = Math.max(...raw) - Math.min(...raw) || 1;
  return raw.map((v) => ((v - mean) / spread) * amplitude);
}

/** One series of `length` days; `kind` 0 = dead page (constant), 1 = nearly flat, 2 = ordinary. */
export function simulateSeries(random: () => number, length: number): SeriesParts {
  const kind = random() < 0.03 ? 0 : random() < 0.06 ? 1 : 2;
  const level = Math.exp(Math.log(20) + random() * Math.log(100));
  if (kind === 0) {
    const value = Math.round(level * 10) / 10;
    const flat = Array.from({ length }, () => value);
    return { structural: flat, noise: flat.map(() => 0), phi: 0, values: flat };
  }
  const scale = kind === 1 ? 0.004 : 1;
  const profile = weeklyProfile(random, level * scale * (0.05 + 0.45 * random()));
  const slope = kind === 1 ? 0 : gaussian(random) * 0.002 * level;
  const phi = 0.3 + 0.6 * random();
  const sigma = level * scale * (0.03 + 0.09 * random()) * Math.sqrt(1 - phi * phi);
  const offset = Math.floor(random() * 7);
  const structural: number[] = [];
  const noise: number[] = [];
  let shift = 0;
  let ar = (gaussian(random) * sigma) / Math.sqrt(1 - phi * phi);
  for (let t = 0; t < length; t++) {
    if (kind === 2 && random() < 0.004) shift += gaussian(random) * 0.3 * level;
    ar = phi * ar + sigma * gaussian(random);
    structural.push(level + shift + slope * (t - length / 2) + (profile[(t + offset) % 7] ?? 0));
    noise.push(ar);
  }
  const values = structural.map((s, t) => Math.max(0, Math.round((s + (noise[t] ?? 0)) * 10) / 10));
  return { structural, noise, phi, values };
}

/** All series of a seed with their hidden parts (the generator and the noise-floor check share it). */
export function simulatePanel(seed: number): SeriesParts[] {
  return Array.from({ length: SERIES }, (_, i) =>
    simulateSeries(seededRandom(deriveSeed(seed, "traffic", i)), HISTORY + 2 * HORIZON),
  );
}

export function generate(seed: number): AirsSplits {
  const panel = simulatePanel(seed);
  const cut = (values: number[], end: number) => values.slice(0, end);
  const train: Row[] = panel.map((s, i) => ({
    series_id: `page-${i}`,
    target: cut(s.values, HISTORY),
    label_target: cut(s.values, HISTORY + HORIZON),
  }));
  const testWithLabels: Row[] = panel.map((s, i) => ({
    series_id: `page-${i}`,
    target: cut(s.values, HISTORY + HORIZON),
    label_target: cut(s.values, HISTORY + 2 * HORIZON),
  }));
  const test: Row[] = testWithLabels.map(({ series_id, target }) => ({ series_id, target }));
  return { train, test, testWithLabels };
}

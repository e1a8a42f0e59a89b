/**
 * rliable-style aggregates of one agent's normalised scores over a seeds × tasks matrix: the
 * mean (of per-task means), the median (of per-task means) and the IQM (25%-trimmed mean of
 * all entries), each with a 95% percentile interval from the stratified bootstrap (each task's
 * column resampled over seeds independently). Seeded, so the same input gives the same interval.
 */
import { seededRandom } from "../../sdk/internal/random.js";
import { quantileSorted } from "./quantile.js";

/** scores[seed][task]. */
export type ScoreMatrix = readonly (readonly number[])[];

export interface Estimate {
  value: number;
  ci: [number, number];
}

export interface AggregateScores {
  mean: Estimate;
  median: Estimate;
  iqm: Estimate;
  seeds: number;
  tasks: number;
}

export interface AggregateOptions {
  /** Bootstrap resamples; rliable's (and the paper's) 50,000 by default. */
  resamples?: number;
  seed?: number;
}

function columnMeans(matrix: ScoreMatrix, tasks: number): number[] {
  const means = new Array<number>(tasks).fill(0);
  for (const row of matrix) for (let t = 0; t < tasks; t++) means[t]! += row[t]!;
  return means.map((sum) => sum / matrix.length);
}

export function aggregateMean(matrix: ScoreMatrix): number {
  const tasks = matrix[0]?.length ?? 0;
  const means = columnMeans(matrix, tasks);
  return means.reduce((a, b) => a + b, 0) / tasks;
}

export function aggregateMedian(matrix: ScoreMatrix): number {
  const means = columnMeans(matrix, matrix[0]?.length ?? 0).sort((a, b) => a - b);
  return quantileSorted(means, 0.5);
}

/** scipy's `trim_mean(x, 0.25)` over all entries: drop ⌊n/4⌋ from each end, average the rest. */
export function aggregateIqm(matrix: ScoreMatrix): number {
  return trimmedMeanInPlace(Float64Array.from(matrix.flat()));
}

/** The 25%-trimmed mean of `values`, sorting them in place. */
function trimmedMeanInPlace(values: Float64Array): number {
  values.sort();
  const cut = Math.floor(values.length * 0.25);
  let sum = 0;
  for (let i = cut; i < values.length - cut; i++) sum += values[i]!;
  return sum / (values.length - 2 * cut);
}

/** The matrix less any seed row holding a NaN (the notebook's `dropna`). */
export function completeRows(matrix: ScoreMatrix): number[][] {
  return matrix.filter((row) => row.every((v) => !Number.isNaN(v))).map((row) => [...row]);
}

function interval(samples: Float64Array): [number, number] {
  samples.sort();
  return [quantileSorted(samples, 0.025), quantileSorted(samples, 0.975)];
}

/** Mean, median and IQM with stratified-bootstrap 95% intervals. */
export function aggregateScores(input: ScoreMatrix, options: AggregateOptions = {}): AggregateScores {
  const matrix = completeRows(input);
  const seeds = matrix.length;
  const tasks = matrix[0]?.length ?? 0;
  if (seeds === 0 || tasks === 0 || matrix.some((row) => row.length !== tasks)) {
    throw new RangeError("aggregateScores: need a non-empty rectangular seeds × tasks matrix");
  }
  const resamples = options.resamples ?? 50_000;
  const random = seededRandom(options.seed ?? 1);
  const means = new Float64Array(resamples);
  const medians = new Float64Array(resamples);
  const iqms = new Float64Array(resamples);
  const sample: number[][] = Array.from({ length: seeds }, () => new Array<number>(tasks).fill(0));
  const flat = new Float64Array(seeds * tasks);
  for (let r = 0; r < resamples; r++) {
    for (let s = 0; s < seeds; s++) {
      for (let t = 0; t < tasks; t++) {
        const value = matrix[Math.floor(random() * seeds)]![t]!;
        sample[s]![t] = value;
        flat[s * tasks + t] = value;
      }
    }
    means[r] = aggregateMean(sample);
    medians[r] = aggregateMedian(sample);
    iqms[r] = trimmedMeanInPlace(flat);
  }
  return {
    mean: { value: aggregateMean(matrix), ci: interval(means) },
    median: { value: aggregateMedian(matrix), ci: interval(medians) },
    iqm: { value: aggregateIqm(matrix), ci: interval(iqms) },
    seeds,
    tasks,
  };
}

/**
 * Forecasters for list-valued targets (a history followed by the next days): repeat the last
 * value, repeat the last season, or a global linear autoregression on scaled lags fitted by
 * ridge regression on windows cut from every training history. Copied into solutions by source
 * text (template.ts).
 */
import { ridgeFit } from "./models.js";
import type { Tf } from "./tf_types.js";

export interface ForecastOptions {
  method: string;
  season: number;
  lags: number;
  ridge: number;
  /** Share of the linear forecast in a blend with the seasonal one (1 = linear only). */
  blend: number;
  /** Values the scale (mean absolute level) is taken over, from the end of the window. */
  scaleWindow: number;
  /** Windows per series used to fit the linear model (the most recent ones). */
  windowsPerSeries: number;
}

/** Repeats the last `season` values (the last value when season is 1). */
export function seasonalForecast(history: number[], horizon: number, season: number): number[] {
  const s = Math.max(1, Math.min(season, history.length));
  const tail = history.slice(-s);
  return Array.from({ length: horizon }, (_, h) => tail[h % s] ?? 0);
}

/** The mean absolute level of a window's end, so series of any size share one model. */
export function windowScale(window: number[], scaleWindow: number): number {
  const tail = window.slice(-Math.max(1, scaleWindow));
  return tail.reduce((a, b) => a + Math.abs(b), 0) / Math.max(1, tail.length) || 1;
}

/** A global direct multi-horizon linear model on the last `lags` scaled values. */
export function linearForecasts(
  tf: Tf,
  histories: number[][],
  queries: number[][],
  horizon: number,
  o: ForecastOptions,
) {
  const lags = Math.max(1, Math.round(o.lags));
  const xs: number[] = [];
  const ys: number[][] = [];
  for (const series of histories) {
    let taken = 0;
    for (let end = series.length - horizon; end >= lags && taken < o.windowsPerSeries; end--, taken++) {
      const window = series.slice(end - lags, end);
      const scale = windowScale(window, o.scaleWindow);
      xs.push(1, ...window.map((v) => v / scale));
      ys.push(series.slice(end, end + horizon).map((v) => v / scale));
    }
  }
  const n = ys.length;
  if (n < lags + 2) return queries.map((q) => seasonalForecast(q, horizon, o.season));
  const weights = ridgeFit(tf, Float32Array.from(xs), n, lags + 1, ys, o.ridge);
  return queries.map((q) => {
    const padded = [...new Array<number>(Math.max(0, lags - q.length)).fill(q[0] ?? 0), ...q];
    const window = padded.slice(-lags);
    const scale = windowScale(window, o.scaleWindow);
    const input = [1, ...window.map((v) => v / scale)];
    return weights.map((w) => w.reduce((acc, wi, i) => acc + wi * input[i]!, 0) * scale);
  });
}

/** Forecasts for every query history by the chosen method. */
export function forecastAll(
  tf: Tf,
  histories: number[][],
  queries: number[][],
  horizon: number,
  o: ForecastOptions,
) {
  const seasonal = queries.map((q) => seasonalForecast(q, horizon, o.method === "last" ? 1 : o.season));
  if (o.method === "last" || o.method === "seasonal") return seasonal;
  const linear = linearForecasts(tf, histories, queries, horizon, o);
  const nonNegative = histories.every((s) => s.every((v) => v >= 0));
  return linear.map((f, i) =>
    f.map((v, h) => {
      const mixed = o.blend * v + (1 - o.blend) * seasonal[i]![h]!;
      return nonNegative ? Math.max(0, mixed) : mixed;
    }),
  );
}

/** Number formatting shared by the page script and summary.md, so both say the same thing. */
import type { SeededFigure, TaskFigureRow } from "./report-types.js";

/** `ratio`: 4 decimals; `precise`: 5 (sums of radii differ between peers at the 4th decimal). */
export type Unit = "score" | "usd" | "ms" | "count" | "rate" | "tokens" | "ratio" | "precise";

export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  switch (unit) {
    case "score":
      return value.toFixed(3);
    case "ratio":
      return value.toFixed(4);
    case "precise":
      return value.toFixed(5);
    case "usd":
      return value === 0 ? "$0" : value < 0.01 ? `$${value.toFixed(4)}` : `$${value.toFixed(2)}`;
    case "ms":
      return formatDuration(value);
    case "rate":
      return `${(value * 100).toFixed(1)}%`;
    case "tokens":
      return formatCount(value);
    case "count":
      return Number.isInteger(value) ? value.toLocaleString("en") : value.toFixed(1);
  }
}

/** 1.2k, 3.4M: for token counts. */
export function formatCount(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  return Math.round(value).toLocaleString("en");
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function seedsText(n: number): string {
  return n === 1 ? "1 seed" : `${n} seeds`;
}

/** "0.812 [0.790, 0.840]" for several seeds (median and 95% CI), "0.812" for one. */
export function formatFigure(figure: SeededFigure, unit: Unit): string {
  const value = formatValue(figure.value, unit);
  if (figure.n > 1 && figure.low !== undefined && figure.high !== undefined) {
    return `${value} [${formatValue(figure.low, unit)}, ${formatValue(figure.high, unit)}]`;
  }
  return value;
}

/** How a figure was obtained: "1 seed" or "median of 3 seeds, 95% bootstrap CI". */
export function figureBasis(figure: SeededFigure): string {
  if (figure.n === 0) return "no data";
  return figure.n === 1 ? "1 seed" : `median of ${figure.n} seeds, 95% bootstrap CI`;
}

/** A task figure's name: "circle-packing n = 26 (val)". */
export function taskFigureLabel(row: TaskFigureRow): string {
  return `${row.task} ${row.label} (${row.split})`;
}

/** "0.9977 (ratio to 2.6359830849) · sum of radii 2.62980 · record: above the reference". */
export function formatTaskFigure(row: TaskFigureRow): string {
  const parts = [`${formatFigure(row.value, "ratio")}${row.unit ? ` (${row.unit})` : ""}`];
  for (const [name, figure] of Object.entries(row.extra))
    parts.push(`${name} ${formatFigure(figure, "precise")}`);
  parts.push(...row.notes);
  return parts.join(" · ");
}

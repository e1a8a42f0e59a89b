/**
 * The Elo chart: one row per player (SOTA included), best first, a dot at the bootstrap median
 * and a bar over its 95% interval, on a shared axis with ticks. Inline SVG, so the page needs no
 * script and nothing a log holds can run in it.
 */
import type { EloRating } from "../metrics/index.js";
import { escapeText } from "./escape.js";

const ROW = 26;
const LABEL = 260;
const PLOT = 520;
const TOP = 10;
const AXIS = 34;

/** Round tick positions covering [low, high]: steps of 1, 2 or 5 × 10^k, about five of them. */
export function ticks(low: number, high: number): number[] {
  const span = Math.max(high - low, 1);
  const raw = span / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(low / step) * step; t <= high + 1e-9; t += step) out.push(Math.round(t * 1e6) / 1e6);
  return out;
}

export interface ChartPlayer {
  label: string;
  rating: EloRating;
  reference?: boolean;
}

/** The SVG element; empty players give an empty string. */
export function eloChart(players: readonly ChartPlayer[]): string {
  if (players.length === 0) return "";
  const sorted = [...players].sort((a, b) => b.rating.rating - a.rating.rating);
  const values = sorted.flatMap((p) => [p.rating.rating, ...p.rating.ci]).filter(Number.isFinite);
  const pad = Math.max(10, (Math.max(...values) - Math.min(...values)) * 0.05);
  const low = Math.min(...values) - pad;
  const high = Math.max(...values) + pad;
  const x = (value: number) => LABEL + ((value - low) / (high - low)) * PLOT;
  const height = TOP + sorted.length * ROW + AXIS;
  const axisY = TOP + sorted.length * ROW + 4;
  const grid = ticks(low, high)
    .map(
      (t) =>
        `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${TOP}" y2="${axisY}"/><text class=tick x="${x(t).toFixed(1)}" y="${axisY + 16}" text-anchor="middle">${t}</text>`,
    )
    .join("");
  const rows = sorted
    .map((p, i) => {
      const y = TOP + i * ROW + ROW / 2;
      const [lo, hi] = p.rating.ci;
      return `<g class="player${p.reference ? " reference" : ""}" data-player="${escapeText(p.label)}"><title>${escapeText(p.label)}: Elo ${Math.round(p.rating.rating)} [${Math.round(lo)}, ${Math.round(hi)}]</title><text class=label x="${LABEL - 10}" y="${y + 4}" text-anchor="end">${escapeText(p.label)}</text><line class=ci x1="${x(lo).toFixed(1)}" x2="${x(hi).toFixed(1)}" y1="${y}" y2="${y}"/><circle cx="${x(p.rating.rating).toFixed(1)}" cy="${y}" r="5"/><text class=value x="${(x(hi) + 8).toFixed(1)}" y="${y + 4}">${Math.round(p.rating.rating)}</text></g>`;
    })
    .join("");
  const width = LABEL + PLOT + 60;
  return `<svg id=elo-chart class=chart-svg role=img aria-label="Elo ratings with 95% bootstrap intervals" viewBox="0 0 ${width} ${height}" style="max-width:${width}px"><g class=grid>${grid}<line class=axis x1="${LABEL}" x2="${LABEL + PLOT}" y1="${axisY}" y2="${axisY}"/></g>${rows}</svg>`;
}

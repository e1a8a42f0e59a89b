/** A small SVG line chart with axes, a legend and a hover read-out of every series at one x. */
import { el, svgEl } from "./dom.js";

export interface ChartSeries {
  label: string;
  colour: string;
  dashed?: boolean;
  width?: number;
  points: { x: number; y: number | null }[];
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  /** Formats a value; on the axis, `step` is the tick spacing (for the number of decimals). */
  yFormat: (value: number, step?: number) => string;
  yMin?: number;
  yMax?: number;
  height?: number;
  /** Drawing width in SVG units (text keeps its size when the chart is as wide as this). */
  width?: number;
  /** Legend entries; default one per series. */
  legend?: { label: string; colour: string; dashed?: boolean }[];
}

const MARGIN = { top: 12, right: 16, bottom: 34, left: 56 };

/** About five round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

export function lineChart(series: readonly ChartSeries[], options: ChartOptions): HTMLElement {
  const height = options.height ?? 260;
  const WIDTH = options.width ?? 640;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.flatMap((p) => (p.y === null ? [] : [p.y])));
  const figure = el("figure", { class: "chart" }, el("figcaption", {}, options.title));
  if (ys.length === 0) {
    figure.append(el("p", { class: "empty" }, "No data yet."));
    return figure;
  }
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs, xMin + 1);
  let yLo = options.yMin ?? Math.min(...ys);
  let yHi = options.yMax ?? Math.max(...ys);
  if (yHi - yLo < 1e-9) {
    // A flat series: zero stays the floor (costs, tokens), anything else gets a 5% margin.
    if (yLo === 0) yHi = 1;
    else {
      yLo -= 0.05 * Math.abs(yLo);
      yHi += 0.05 * Math.abs(yHi);
    }
  }
  const yTicks = niceTicks(yLo, yHi);
  const yStep = yTicks.length > 1 ? (yTicks[1] ?? 0) - (yTicks[0] ?? 0) : undefined;
  yLo = Math.min(yLo, yTicks[0] ?? yLo);
  yHi = Math.max(yHi, yTicks[yTicks.length - 1] ?? yHi);
  const sx = (x: number) => MARGIN.left + ((x - xMin) / (xMax - xMin)) * plotW;
  const sy = (y: number) => MARGIN.top + (1 - (y - yLo) / (yHi - yLo)) * plotH;

  const svg = svgEl("svg", { viewBox: `0 0 ${WIDTH} ${height}`, class: "chart-svg", role: "img" });
  svg.append(svgEl("title", {}, options.title));
  const grid = svgEl("g", { class: "grid" });
  let previousLabel: string | undefined;
  for (const tick of yTicks) {
    const label = options.yFormat(tick, yStep);
    grid.append(svgEl("line", { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: sy(tick), y2: sy(tick) }));
    // A formatter that rounds (whole tokens) can give neighbouring ticks one label: show it once.
    if (label !== previousLabel) {
      grid.append(svgEl("text", { x: MARGIN.left - 6, y: sy(tick) + 4, "text-anchor": "end" }, label));
    }
    previousLabel = label;
  }
  for (const tick of niceTicks(xMin, xMax, 8).filter((t) => Number.isInteger(t))) {
    grid.append(
      svgEl("text", { x: sx(tick), y: height - MARGIN.bottom + 16, "text-anchor": "middle" }, tick),
    );
  }
  grid.append(
    svgEl(
      "text",
      { x: MARGIN.left + plotW / 2, y: height - 4, "text-anchor": "middle", class: "axis-label" },
      options.xLabel,
    ),
    svgEl("line", { class: "axis", x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: sy(yLo), y2: sy(yLo) }),
  );
  svg.append(grid);

  for (const s of series) {
    let d = "";
    let pen = false;
    for (const p of s.points) {
      if (p.y === null) {
        pen = false;
        continue;
      }
      d += `${pen ? "L" : "M"}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`;
      pen = true;
    }
    svg.append(
      svgEl("path", {
        d,
        fill: "none",
        stroke: s.colour,
        "stroke-width": s.width ?? 2,
        "stroke-linejoin": "round",
        ...(s.dashed ? { "stroke-dasharray": "5 4" } : {}),
      }),
    );
  }

  // Hover: a rule at the nearest x and the value of every series there.
  const rule = svgEl("line", { class: "rule", y1: MARGIN.top, y2: MARGIN.top + plotH, visibility: "hidden" });
  const hit = svgEl("rect", {
    x: MARGIN.left,
    y: MARGIN.top,
    width: plotW,
    height: plotH,
    fill: "transparent",
  });
  svg.append(rule, hit);
  const tip = el("div", { class: "chart-tip" });
  const frame = el("div", { class: "chart-frame" }, svg, tip);
  const allX = [...new Set(xs)].sort((a, b) => a - b);
  hit.addEventListener("mousemove", (event) => {
    const box = svg.getBoundingClientRect();
    const x =
      xMin + ((((event.clientX - box.left) / box.width) * WIDTH - MARGIN.left) / plotW) * (xMax - xMin);
    let nearest = allX[0]!;
    for (const candidate of allX) if (Math.abs(candidate - x) < Math.abs(nearest - x)) nearest = candidate;
    rule.setAttribute("x1", String(sx(nearest)));
    rule.setAttribute("x2", String(sx(nearest)));
    rule.setAttribute("visibility", "visible");
    tip.replaceChildren(el("strong", {}, `${options.xLabel} ${nearest}`));
    for (const s of series) {
      const point = s.points.find((p) => p.x === nearest);
      if (!point || point.y === null) continue;
      tip.append(
        el(
          "div",
          {},
          el("span", { class: "swatch", attrs: { style: `background:${s.colour}` } }),
          `${s.label}: ${options.yFormat(point.y)}`,
        ),
      );
    }
    const left = ((sx(nearest) / WIDTH) * box.width) | 0;
    tip.style.left = `${left + 12}px`;
    tip.style.transform = left > box.width * 0.6 ? "translateX(calc(-100% - 24px))" : "";
    tip.style.display = "block";
  });
  hit.addEventListener("mouseleave", () => {
    rule.setAttribute("visibility", "hidden");
    tip.style.display = "none";
  });

  const legend = el("div", { class: "legend" });
  for (const s of options.legend ?? series) {
    legend.append(
      el(
        "span",
        { class: "legend-item" },
        el("span", {
          class: `line-swatch${s.dashed ? " dashed" : ""}`,
          attrs: { style: `border-color:${s.colour}` },
        }),
        s.label,
      ),
    );
  }
  figure.append(frame, legend);
  return figure;
}

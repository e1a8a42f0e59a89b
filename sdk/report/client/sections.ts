/** The report's static sections: header, headline figures, progress and cost. */
import {
  figureBasis,
  formatFigure,
  formatTaskFigure,
  formatValue,
  taskFigureLabel,
  type Unit,
} from "../format.js";
import type { HeadlineFigures, ReportData, SeededFigure } from "../report-types.js";
import { type ChartSeries, lineChart } from "./chart.js";
import { SERIES_COLOURS } from "./colour.js";
import { type Child, el } from "./dom.js";

export function header(data: ReportData): HTMLElement {
  const run = data.run;
  const facts: Child[] = [
    `tasks ${run.tasks.join(", ") || "—"}`,
    `meta model ${run.metaModel ?? "?"}`,
    `task model ${run.taskModel ?? "?"}`,
    `selection ${run.selection ?? "?"}`,
    run.childrenPerGeneration !== null
      ? `${run.generations ?? "?"} generations × ${run.childrenPerGeneration} children`
      : null,
    run.budgetUsd !== null ? `budget ${formatValue(run.budgetUsd, "usd")}` : null,
    run.reason ? `stopped: ${run.reason}` : "in progress",
  ];
  return el(
    "header",
    { class: "page-head" },
    el("div", { class: "brand" }, "hyperagents · run report"),
    el("h1", {}, run.label, el("span", { class: "dir" }, run.dir)),
    el(
      "p",
      { class: "facts-line" },
      ...facts.filter(Boolean).flatMap((fact, i) => (i ? [" · ", fact] : [fact])),
    ),
  );
}

function card(label: string, figure: SeededFigure, unit: Unit, extra?: string): HTMLElement {
  const interval =
    figure.n > 1 && figure.low !== undefined && figure.high !== undefined
      ? `95% CI ${formatValue(figure.low, unit)} – ${formatValue(figure.high, unit)}`
      : null;
  return el(
    "div",
    { class: "card" },
    el("div", { class: "card-label" }, label),
    el("div", { class: "card-value" }, formatValue(figure.value, unit)),
    extra ? el("div", { class: "card-extra" }, extra) : null,
    interval ? el("div", { class: "card-extra" }, interval) : null,
    el("div", { class: "card-basis" }, figure.n > 1 ? `median of ${figure.n} seeds` : figureBasis(figure)),
  );
}

function bestExtra(data: ReportData): string {
  const best = data.tree.nodes.find((node) => node.id === data.bestNodeId);
  if (!best) return "no valid node yet";
  if (data.headline.bestScore.n > 1) return `this run: ${formatValue(best.score, "score")} (node ${best.id})`;
  return `node ${best.id} · selection split`;
}

export function headlineCards(data: ReportData): HTMLElement {
  const h = data.headline;
  const cards = [card("Best score", h.bestScore, "score", bestExtra(data))];
  const tests = Object.entries(h.testScores);
  if (tests.length === 0)
    cards.push(card("Test score of the best node", { value: null, n: 0 }, "score", "not evaluated yet"));
  for (const row of h.taskFigures.filter((r) => r.headline)) {
    const extra = [
      ...Object.entries(row.extra).map(([name, f]) => `${name} ${formatFigure(f, "precise")}`),
      ...row.notes,
    ].join(" · ");
    cards.push(card(taskFigureLabel(row), row.value, "ratio", extra || undefined));
  }
  for (const [task, figure] of tests) cards.push(card(`Test score · ${task}`, figure, "score"));
  cards.push(
    card("Archive size", h.archiveSize, "count", `${formatValue(h.validNodes.value, "count")} valid`),
    card("Valid children", h.validRate, "rate"),
    card("Cost", h.costUsd, "usd", `${formatValue(h.tokens.value, "tokens")} tokens`),
    card("Wall time", h.wallMs, "ms", `${formatValue(h.generations.value, "count")} generations`),
  );
  const pooled =
    h.runs.length > 1
      ? el(
          "p",
          { class: "muted" },
          `Pooled over ${h.runs.length} seeds of ${data.run.baseline}: ${h.runs.join(", ")}.`,
        )
      : null;
  const others = h.taskFigures.filter((r) => !r.headline);
  const figures =
    others.length > 0
      ? el(
          "ul",
          { class: "task-figures muted" },
          ...others.map((row) => el("li", {}, `${taskFigureLabel(row)}: ${formatTaskFigure(row)}`)),
        )
      : null;
  return el("section", { class: "headline" }, el("div", { class: "cards" }, ...cards), figures, pooled);
}

export function configurationsTable(data: ReportData): HTMLElement | null {
  if (data.configurations.length < 2) return null;
  const tasks = [
    ...new Set(data.configurations.flatMap((row) => Object.keys(row.headline.testScores))),
  ].sort();
  const head = el(
    "tr",
    {},
    el("th", {}, "configuration"),
    el("th", { class: "num" }, "seeds"),
    el("th", { class: "num" }, "best score"),
    ...tasks.map((task) => el("th", { class: "num" }, `test · ${task}`)),
    el("th", { class: "num" }, "valid rate"),
    el("th", { class: "num" }, "cost"),
  );
  const figureCell = (figure: SeededFigure | undefined, unit: Unit) =>
    el("td", { class: "num" }, figure ? formatFigure(figure, unit) : "—");
  const rows = data.configurations.map((row: { baseline: string; headline: HeadlineFigures }) =>
    el(
      "tr",
      { class: row.baseline === data.run.baseline ? "current" : "" },
      el("th", {}, row.baseline),
      el("td", { class: "num" }, row.headline.runs.length),
      figureCell(row.headline.bestScore, "score"),
      ...tasks.map((task) => figureCell(row.headline.testScores[task], "score")),
      figureCell(row.headline.validRate, "rate"),
      figureCell(row.headline.costUsd, "usd"),
    ),
  );
  return el(
    "section",
    {},
    el("h2", {}, "Configurations"),
    el(
      "p",
      { class: "muted" },
      "Median over seeds with its 95% bootstrap interval [low, high] where a configuration has several.",
    ),
    el(
      "div",
      { class: "table-wrap" },
      el("table", { class: "data" }, el("thead", {}, head), el("tbody", {}, ...rows)),
    ),
  );
}

/** Colour per run label: the report's run first, compare runs after. */
export function runColours(data: ReportData): Map<string, string> {
  return new Map(
    data.progress.map((series, i) => [series.label, SERIES_COLOURS[i % SERIES_COLOURS.length]!]),
  );
}

export function progressSection(data: ReportData): HTMLElement {
  const colours = runColours(data);
  const series: ChartSeries[] = [];
  for (const run of data.progress) {
    const colour = colours.get(run.label)!;
    series.push({
      label: `${run.label} · best`,
      colour,
      width: run.main ? 2.5 : 1.6,
      points: run.points.map((p) => ({ x: p.generation, y: p.best })),
    });
    series.push({
      label: `${run.label} · median`,
      colour,
      dashed: true,
      width: run.main ? 1.8 : 1.2,
      points: run.points.map((p) => ({ x: p.generation, y: p.median })),
    });
  }
  return el(
    "section",
    {},
    el("h2", {}, "Progress"),
    el(
      "p",
      { class: "muted" },
      "Best (solid) and median (dashed) selection score of the valid archive after each generation; one colour per run.",
    ),
    lineChart(series, {
      legend: data.progress.map((run) => ({ label: run.label, colour: colours.get(run.label)! })),
      title: "Archive score per generation",
      xLabel: "generation",
      // Enough decimals that neighbouring ticks differ (a narrow score range needs three or four).
      yFormat: (v, step) => v.toFixed(step ? Math.min(6, Math.max(2, Math.ceil(-Math.log10(step)))) : 3),
      width: 1200,
      height: 280,
    }),
  );
}

export function costSection(data: ReportData): HTMLElement {
  const colours = runColours(data);
  const usd: ChartSeries[] = data.cost.map((run) => ({
    label: run.label,
    colour: colours.get(run.label)!,
    width: run.main ? 2.5 : 1.6,
    points: run.rows.map((row) => ({ x: row.generation, y: row.cumulativeUsd })),
  }));
  const tokens: ChartSeries[] = data.cost.map((run) => ({
    label: run.label,
    colour: colours.get(run.label)!,
    width: run.main ? 2.5 : 1.6,
    points: run.rows.map((row) => ({ x: row.generation, y: row.cumulativeTokens })),
  }));
  const main = data.cost.find((run) => run.main);
  const roles = [...new Set((main?.rows ?? []).flatMap((row) => Object.keys(row.byRole)))].sort();
  const head = el(
    "tr",
    {},
    el("th", { class: "num" }, "gen"),
    ...roles.map((role) => el("th", { class: "num" }, `${role} USD`)),
    el("th", { class: "num" }, "USD"),
    el("th", { class: "num" }, "cumulative USD"),
    el("th", { class: "num" }, "calls"),
    el("th", { class: "num" }, "tokens in"),
    el("th", { class: "num" }, "tokens out"),
    el("th", { class: "num" }, "cumulative tokens"),
    el("th", { class: "num" }, "wall time"),
  );
  const body = el("tbody");
  for (const row of main?.rows ?? []) {
    body.append(
      el(
        "tr",
        {},
        el("td", { class: "num" }, row.generation),
        ...roles.map((role) => el("td", { class: "num" }, formatValue(row.byRole[role] ?? 0, "usd"))),
        el("td", { class: "num" }, formatValue(row.costUsd, "usd")),
        el("td", { class: "num" }, formatValue(row.cumulativeUsd, "usd")),
        el("td", { class: "num" }, formatValue(row.calls, "count")),
        el("td", { class: "num" }, formatValue(row.inputTokens, "tokens")),
        el("td", { class: "num" }, formatValue(row.outputTokens, "tokens")),
        el("td", { class: "num" }, formatValue(row.cumulativeTokens, "tokens")),
        el("td", { class: "num" }, formatValue(row.wallMs, "ms")),
      ),
    );
  }
  return el(
    "section",
    {},
    el("h2", {}, "Cost"),
    el(
      "div",
      { class: "chart-row" },
      lineChart(usd, {
        title: "Cumulative cost (USD)",
        xLabel: "generation",
        yFormat: (v) => formatValue(v, "usd"),
        yMin: 0,
      }),
      lineChart(tokens, {
        title: "Cumulative tokens",
        xLabel: "generation",
        yFormat: (v) => formatValue(v, "tokens"),
        yMin: 0,
      }),
    ),
    main && main.unattributedUsd > 0
      ? el(
          "p",
          { class: "muted" },
          `${formatValue(main.unattributedUsd, "usd")} of calls were recorded without a node (run-level) and are in no generation.`,
        )
      : null,
    el("h3", {}, `Per generation · ${main?.label ?? ""}`),
    el("div", { class: "table-wrap scroll" }, el("table", { class: "data" }, el("thead", {}, head), body)),
  );
}

/** summary.md: the report's headline figures as Markdown tables, for terminals and pull requests. */
import { formatFigure, formatTaskFigure, seedsText, taskFigureLabel } from "./format.js";
import type { HeadlineFigures, ReportData, SeededFigure } from "./report-types.js";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

const seeds = (figure: SeededFigure) => String(figure.n);

function headlineRows(headline: HeadlineFigures, selectionSplit: string): [string, string, string][] {
  const rows: [string, string, string][] = [
    [`Best score (${selectionSplit})`, formatFigure(headline.bestScore, "score"), seeds(headline.bestScore)],
  ];
  // A task's headline figure (circle packing: n = 26) comes first, then its other figures.
  const ordered = [...headline.taskFigures].sort((a, b) => Number(b.headline) - Number(a.headline));
  for (const row of ordered) {
    rows.push([
      `${row.headline ? "Headline: " : ""}${taskFigureLabel(row)}`,
      formatTaskFigure(row),
      seeds(row.value),
    ]);
  }
  for (const [task, figure] of Object.entries(headline.testScores)) {
    rows.push([`Test score of the best node: ${task}`, formatFigure(figure, "score"), seeds(figure)]);
  }
  rows.push(
    ["Archive size (nodes)", formatFigure(headline.archiveSize, "count"), seeds(headline.archiveSize)],
    ["Valid nodes", formatFigure(headline.validNodes, "count"), seeds(headline.validNodes)],
    ["Valid rate (children)", formatFigure(headline.validRate, "rate"), seeds(headline.validRate)],
    ["Cost (USD)", formatFigure(headline.costUsd, "usd"), seeds(headline.costUsd)],
    ["Tokens", formatFigure(headline.tokens, "tokens"), seeds(headline.tokens)],
    ["Wall time", formatFigure(headline.wallMs, "ms"), seeds(headline.wallMs)],
    ["Generations", formatFigure(headline.generations, "count"), seeds(headline.generations)],
  );
  return rows;
}

export function renderMarkdown(data: ReportData): string {
  const { run, headline } = data;
  const lines = [
    `# Run report: ${run.label}`,
    "",
    [
      `Tasks: ${run.tasks.join(", ") || "—"}`,
      `task model: \`${run.taskModel ?? "?"}\``,
      `meta model: \`${run.metaModel ?? "?"}\``,
      `selection: ${run.selection ?? "?"}`,
      run.reason ? `stopped: ${run.reason}` : "running",
    ].join(" · "),
    "",
    `Figures rest on ${seedsText(headline.runs.length)} (${headline.runs.join(", ")}); with several seeds, the median and its 95% bootstrap interval.`,
    "",
    "| Figure | Value | Seeds |",
    "| --- | --- | --- |",
    ...headlineRows(headline, "selection split").map((row) => `| ${row.map(cell).join(" | ")} |`),
    "",
  ];
  if (data.configurations.length > 1) {
    const tasks = [
      ...new Set(data.configurations.flatMap((row) => Object.keys(row.headline.testScores))),
    ].sort();
    lines.push(
      "## Configurations",
      "",
      "Median over seeds [95% bootstrap CI] where a configuration has several seeds.",
      "",
      `| Configuration | Seeds | Best score | ${tasks.map((task) => `Test: ${cell(task)}`).join(" | ")}${tasks.length ? " | " : ""}Valid rate | Cost |`,
      `| --- | --- | --- | ${tasks.map(() => "--- | ").join("")}--- | --- |`,
    );
    for (const row of data.configurations) {
      const h = row.headline;
      const tests = tasks.map((task) => {
        const figure = h.testScores[task];
        return figure ? formatFigure(figure, "score") : "—";
      });
      lines.push(
        `| ${[cell(row.baseline), String(h.runs.length), formatFigure(h.bestScore, "score"), ...tests, formatFigure(h.validRate, "rate"), formatFigure(h.costUsd, "usd")].join(" | ")} |`,
      );
    }
    lines.push("");
  }
  lines.push(
    `Best node: ${data.bestNodeId ? `\`${data.bestNodeId}\`` : "none"} · open \`report.html\` beside this file for the archive tree, progress and cost charts.`,
    "",
  );
  return lines.join("\n");
}

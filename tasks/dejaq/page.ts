/**
 * The run's HTML page (`page.html`): one self-contained file, no script, in the report's look.
 * The archive grid (setting × steps) coloured by current learnability; validity and insertion
 * per mutator over time; coverage, QD score and batch learnability over time.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DIFFICULTY_BINS } from "./archive.js";
import type { StepMetrics } from "./loop.js";
import { SETTINGS } from "./problem.js";
import { VOCABULARY } from "./settings.js";
import type { CandidateRow } from "./store.js";

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);

const STOPS = ["#440154", "#3e4989", "#26828e", "#35b779", "#b5de2b"];

/** Viridis-like colour of t in [0, 1] (learnability / 0.25). */
function colour(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const parse = (hex: string, k: number) => Number.parseInt(hex.slice(1 + 2 * k, 3 + 2 * k), 16);
  const mix = (k: number) =>
    Math.round(parse(STOPS[i] as string, k) * (1 - f) + parse(STOPS[i + 1] as string, k) * f);
  return `rgb(${mix(0)},${mix(1)},${mix(2)})`;
}

function grid(last: StepMetrics): string {
  const header = DIFFICULTY_BINS.map((d) => `<th>${d === 5 ? "5+" : d} step${d === 1 ? "" : "s"}</th>`).join(
    "",
  );
  const rows = SETTINGS.map((setting) => {
    const cells = DIFFICULTY_BINS.map((d) => {
      const cell = last.cells[`${setting}/${d}`];
      if (!cell) return `<td class="empty">–</td>`;
      const text = cell.learnability > 0.12 ? "#111" : "#fff";
      return `<td style="background:${colour(cell.learnability / 0.25)};color:${text}" title="${cell.count} problems">${cell.learnability.toFixed(3)}<small> ×${cell.count}</small></td>`;
    }).join("");
    return `<tr><th>${escapeHtml(VOCABULARY[setting].label)}</th>${cells}</tr>`;
  }).join("");
  return `<table class="grid"><tr><th></th>${header}</tr>${rows}</table>`;
}

/** A small line chart: one polyline per series over the steps. */
function chart(
  title: string,
  steps: number[],
  series: { name: string; values: number[] }[],
  yMax?: number,
): string {
  const width = 420;
  const height = 180;
  const pad = 34;
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  const top = yMax ?? Math.max(1e-9, ...all);
  const lastStep = Math.max(1, ...steps);
  const x = (step: number) => pad + ((width - 2 * pad) * step) / lastStep;
  const y = (value: number) => height - pad + (-(height - 2 * pad) * value) / top;
  const lines = series.map((s, k) => {
    const points = s.values.map((v, i) => `${x(steps[i] as number).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
    const c = colour(series.length === 1 ? 0.3 : k / (series.length - 1));
    return `<polyline fill="none" stroke="${c}" stroke-width="2" points="${points}"/><text x="${width - pad + 4}" y="${pad + 14 * k}" fill="${c}" font-size="11">${escapeHtml(s.name)}</text>`;
  });
  const axes = `<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#e4e7ec"/><text x="${pad}" y="${height - 10}" font-size="11" fill="#667085">step 0</text><text x="${width - pad - 40}" y="${height - 10}" font-size="11" fill="#667085">step ${lastStep}</text><text x="2" y="${pad}" font-size="11" fill="#667085">${top.toPrecision(2)}</text>`;
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg viewBox="0 0 ${width + 120} ${height}" width="${width + 120}" height="${height}">${axes}${lines.join("")}</svg></figure>`;
}

function validityTable(candidates: CandidateRow[]): string {
  const by = new Map<string, { made: number; valid: number; inserted: number; failed: number }>();
  for (const row of candidates) {
    const m = by.get(row.mutator) ?? { made: 0, valid: 0, inserted: 0, failed: 0 };
    if (row.problem !== null) m.made++;
    else if (row.reason !== "not applicable") m.failed++;
    if (row.valid) m.valid++;
    if (row.inserted) m.inserted++;
    by.set(row.mutator, m);
  }
  const rows = [...by.entries()].map(([name, m]) => {
    const share = (m.made + m.failed > 0 ? m.valid / (m.made + m.failed) : 0) * 100;
    return `<tr><td>${escapeHtml(name)}</td><td>${m.made + m.failed}</td><td>${m.valid} (${share.toFixed(0)}%)</td><td>${m.inserted}</td></tr>`;
  });
  return `<table><tr><th>mutator</th><th>attempted</th><th>valid</th><th>inserted</th></tr>${rows.join("")}</table>`;
}

function validityOverTime(all: StepMetrics[]): string {
  const steps = all.filter((s) => s.step > 0);
  const names = [...new Set(steps.flatMap((s) => Object.keys(s.mutators)))].sort();
  let running = names.map(() => ({ made: 0, valid: 0 }));
  const series = names.map((name) => ({ name, values: [] as number[] }));
  for (const step of steps) {
    running = running.map((r, k) => {
      const m = step.mutators[names[k] as string];
      return m ? { made: r.made + m.made, valid: r.valid + m.valid } : r;
    });
    for (const [k, r] of running.entries()) series[k]?.values.push(r.made > 0 ? r.valid / r.made : 0);
  }
  return chart(
    "validity per mutator (cumulative share of candidates that pass)",
    steps.map((s) => s.step),
    series,
    1,
  );
}

/** Coverage and QD score from step 0; the batch and validity from step 1 (step 0 only seeds). */
function overTime(steps: StepMetrics[]): string {
  const at = steps.map((s) => s.step);
  const batches = steps.filter((s) => s.step > 0);
  const coverage = chart("coverage", at, [{ name: "coverage", values: steps.map((s) => s.coverage) }], 1);
  const qd = chart("QD score (Σ learnability)", at, [
    { name: "QD score", values: steps.map((s) => s.qdScore) },
  ]);
  const batch = chart(
    "batch",
    batches.map((s) => s.step),
    [
      { name: "learnability", values: batches.map((s) => s.batchLearnability) },
      { name: "accuracy / 4", values: batches.map((s) => s.batchAccuracy / 4) },
    ],
    0.25,
  );
  return `<h2>Over time</h2><div class="charts">${coverage}${qd}${batch}${validityOverTime(steps)}</div>`;
}

export function renderDejaqPage(options: {
  dir: string;
  config: unknown;
  steps: StepMetrics[];
  candidates: CandidateRow[];
}): string {
  const { steps } = options;
  const last = steps[steps.length - 1];
  const headline = last
    ? `step ${last.step} · ${last.archiveSize} problems · coverage ${(last.coverage * 100).toFixed(0)}% · QD score ${last.qdScore.toFixed(2)} · student ${escapeHtml(last.student)}`
    : "no step yet";
  const body = last
    ? [
        `<h2>Archive (mean learnability p(1 − p) per cell, 0.25 at most)</h2>${grid(last)}`,
        overTime(steps),
        `<h2>Mutators</h2>${validityTable(options.candidates)}`,
      ].join("")
    : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>DéjàQ run</title><style>${STYLE}</style></head><body><main><h1>DéjàQ run<span class="dir">${escapeHtml(options.dir)}</span></h1><p class="muted">${headline}</p>${body}<details><summary>configuration</summary><pre>${escapeHtml(JSON.stringify(options.config, null, 2))}</pre></details></main></body></html>\n`;
}

export function writeDejaqPage(
  dir: string,
  data: { config: unknown; steps: StepMetrics[]; candidates: CandidateRow[] },
): string {
  const file = join(dir, "page.html");
  writeFileSync(file, renderDejaqPage({ dir, ...data }));
  return file;
}

const STYLE = `body{margin:0;background:#f6f7f9;color:#1d2330;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
main{max-width:1200px;margin:0 auto;padding:20px 28px 40px}h1{font-size:24px;font-weight:650}h1 .dir{font-size:13px;font-weight:400;color:#667085;margin-left:12px;font-family:ui-monospace,Menlo,monospace}
h2{font-size:17px;font-weight:650;margin:22px 0 10px}.muted{color:#667085}table{border-collapse:collapse;background:#fff;border:1px solid #e4e7ec}
td,th{padding:6px 10px;border:1px solid #e4e7ec;text-align:center}.grid td{min-width:90px;font-family:ui-monospace,Menlo,monospace}.grid small{opacity:.8}.empty{color:#667085}
.charts{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;background:#fff;border:1px solid #e4e7ec;padding:8px}figcaption{color:#667085;font-size:12px}pre{background:#fff;padding:10px;border:1px solid #e4e7ec}`;

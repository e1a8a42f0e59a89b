/**
 * The eval viewer: one self-contained HTML page over a set of eval logs. A models × tasks table
 * with 95% intervals, cost and time per model, paired differences, and per task a drill-down to
 * every sample (input, transcript, answer, score, error). Plain HTML (`<details>`), no script:
 * it opens from disk anywhere, and nothing a model wrote can run in it.
 */
import { isAbsolute, relative } from "node:path";
import type { EvalTable } from "./aggregate.js";
import type { EvalLog, SampleRecord } from "./log.js";

export interface EvalViewOptions {
  /**
   * The folder the page is written to: log paths are shown relative to it, so a shared page
   * does not carry the paths of the machine it was made on.
   */
  pageDir?: string;
}

export function renderEvalView(
  logs: readonly EvalLog[],
  table: EvalTable,
  options: EvalViewOptions = {},
): string {
  const cell = (task: string, model: string) => table.cells.find((c) => c.task === task && c.model === model);
  const rows = table.models
    .map((model) => {
      const cells = table.tasks
        .map((task) => {
          const c = cell(task, model);
          if (c === undefined) return "<td class=none>—</td>";
          return `<td><a href="#${anchor(task)}"><b>${fmt(c.mean)}</b></a> <span class=ci>${interval(c.ci)}</span><br><span class=n>${c.samples} samples${c.errors > 0 ? `, <span class=err>${c.errors} error${c.errors === 1 ? "" : "s"}</span>` : ""}</span></td>`;
        })
        .join("");
      return `<tr><th>${esc(model)}</th>${cells}</tr>`;
    })
    .join("\n");
  const totals = table.totals
    .map(
      (t) =>
        `<tr><th>${esc(t.model)}</th><td>${t.samples}</td><td>${t.errors}</td><td>${t.tokens.input} / ${t.tokens.output}</td><td>$${t.costUsd.toFixed(4)}</td><td>${seconds(t.wallMs)}</td><td>${t.samples > 0 ? seconds(t.wallMs / t.samples) : "—"}</td></tr>`,
    )
    .join("\n");
  const paired =
    table.paired.length === 0
      ? "<p class=n>No two models answered the same samples.</p>"
      : `<table class=paired><tr><th>task</th><th>a − b</th><th>samples</th><th>difference</th><th>95% interval</th><th></th></tr>${table.paired
          .map(
            (p) =>
              `<tr><td>${esc(p.task)}</td><td>${esc(p.a)} − ${esc(p.b)}</td><td>${p.samples}</td><td>${signed(p.mean)}</td><td>${interval(p.ci)}</td><td>${p.ci[0] > 0 || p.ci[1] < 0 ? "interval excludes 0" : ""}</td></tr>`,
          )
          .join("")}</table>`;
  const sections = table.tasks.map((task) =>
    taskSection(
      task,
      logs.filter((log) => log.header.task === task),
      options.pageDir,
    ),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>hyperagents eval: ${esc(table.tasks.join(", "))}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head>
<body>
<h1>Evaluation</h1>
<p class=n>${logs.length} eval logs · ${table.models.length} models · ${table.tasks.length} tasks · mean score per sample in [0, 1], higher is better, with its 95% interval</p>
<table class=grid id=grid><tr><th>model</th>${table.tasks.map((t) => `<th><a href="#${anchor(t)}">${esc(t)}</a></th>`).join("")}</tr>
${rows}
</table>
<h2>Cost and time per model</h2>
<table class=totals><tr><th>model</th><th>samples</th><th>errors</th><th>tokens in / out</th><th>USD</th><th>sample time (sum)</th><th>per sample</th></tr>
${totals}
</table>
<h2>Paired differences</h2>
${paired}
${sections.join("\n")}
</body></html>
`;
}

/** A log's path as the page shows it: relative to the page's folder when one is given. */
function shownPath(path: string, pageDir: string | undefined): string {
  if (pageDir === undefined || !isAbsolute(path)) return path;
  return relative(pageDir, path) || path;
}

function taskSection(task: string, logs: readonly EvalLog[], pageDir: string | undefined): string {
  const models = logs
    .map((log) => {
      const figures = (log.aggregates?.figures ?? [])
        .map(
          (f) =>
            `<li>${esc(f.label)}: <b>${fmt(f.value)}</b>${f.unit ? ` ${esc(f.unit)}` : ""}${Object.entries(
              f.extra ?? {},
            )
              .map(([name, value]) => ` · ${esc(name)} ${fmt(value)}`)
              .join("")}${f.note ? ` · ${esc(f.note)}` : ""}</li>`,
        )
        .join("");
      const samples = log.samples.map(sampleView).join("\n");
      return `<details class=model><summary>${esc(log.header.model)} · ${log.samples.length} samples</summary>
${figures ? `<ul class=figures>${figures}</ul>` : ""}
<p class=n>log: ${esc(shownPath(log.path, pageDir))}</p>
${samples}
</details>`;
    })
    .join("\n");
  return `<section id="${anchor(task)}"><h2>${esc(task)}</h2>\n${models}\n</section>`;
}

function sampleView(sample: SampleRecord): string {
  const transcript = sample.transcript
    .map(
      (call, i) =>
        `<div class=call><div class=n>call ${i + 1} · ${call.inputTokens} in / ${call.outputTokens} out · $${call.costUsd.toFixed(5)} · ${seconds(call.ms)}</div>${
          call.system ? `<pre class=system>${esc(call.system)}</pre>` : ""
        }${call.messages.map((m) => `<pre class="msg ${esc(m.role)}"><b>${esc(m.role)}</b>\n${esc(m.content)}</pre>`).join("")}${
          call.response === null
            ? ""
            : `<pre class="msg assistant reply"><b>reply</b>\n${esc(call.response)}</pre>`
        }${call.error ? `<pre class=err>${esc(call.error)}</pre>` : ""}</div>`,
    )
    .join("");
  return `<details class=sample data-instance="${esc(sample.instance)}"><summary>${esc(sample.split)} / ${esc(sample.instance)} · seed ${sample.seed} · score <b>${fmt(sample.score)}</b>${sample.reference ? " · reference" : ""}${sample.error ? ` · <span class=err>${esc(sample.error.slice(0, 120))}</span>` : ""}</summary>
<div class=n>${sample.tokens.input} in / ${sample.tokens.output} out tokens · $${sample.costUsd.toFixed(5)} · ${seconds(sample.wallMs)}</div>
<h4>input</h4><pre>${esc(json(sample.input))}</pre>
<h4>answer</h4><pre>${esc(json(sample.answer))}</pre>
${sample.error ? `<h4>error</h4><pre class=err>${esc(sample.error)}</pre>` : ""}
<h4>transcript (${sample.transcript.length} model calls)</h4>${transcript || "<p class=n>no model calls</p>"}
</details>`;
}

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:8px 0}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4}.ci,.n{color:#666;font-size:12px}.err{color:#b00}.none{color:#aaa}
details{margin:4px 0}details.model>summary{font-weight:600;cursor:pointer}details.sample{margin-left:16px;border-left:3px solid #eee;padding-left:8px}
pre{white-space:pre-wrap;word-break:break-word;background:#fafafa;border:1px solid #eee;padding:6px;margin:4px 0;max-height:400px;overflow:auto}
pre.reply{background:#f2f8ff}pre.system{background:#fffbe8}h4{margin:8px 0 2px}a{color:#0550ae}`;

function esc(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

function anchor(task: string): string {
  return `task-${task.replace(/[^A-Za-z0-9_-]/g, "_")}`;
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? "null";
}

function fmt(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : "—";
}

function signed(value: number): string {
  return Number.isFinite(value) ? `${value >= 0 ? "+" : ""}${value.toFixed(3)}` : "—";
}

function interval(ci: readonly [number, number]): string {
  return `[${fmt(ci[0])}, ${fmt(ci[1])}]`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The leaderboard as one self-contained HTML page: the headline table, the Elo chart (inline
 * SVG) and the agent × task table. No script and no network, so it opens from `file://`
 * anywhere and nothing a log holds can run in it. The report's stylesheet is passed in by the
 * caller (it lives in a higher layer); the page uses its classes, plus a few rules of its own.
 */
import type { AirsLeaderboard, TaskCell } from "./board.js";
import { eloChart } from "./elo-chart.js";
import { escapeText as esc } from "./escape.js";
import { num, percent, range, SOTA_LABEL } from "./format.js";

export interface LeaderboardHtmlOptions {
  /** The report's stylesheet (sdk/report/client/style.css), for the report's look. */
  baseStyle?: string;
  title?: string;
}

const OWN_STYLE = `#app{max-width:1480px;margin:0 auto;padding:20px 28px 40px}
.chart-svg .ci{stroke:var(--accent,#d97706);stroke-width:3;stroke-linecap:round}
.chart-svg circle{fill:var(--accent,#d97706);stroke:#fff;stroke-width:1.5}
.chart-svg .reference circle{fill:var(--select,#e11d48)}.chart-svg .reference .ci{stroke:var(--select,#e11d48)}
.chart-svg .label{fill:var(--fg,#1d2330);font-size:12px}.chart-svg .value{font-size:11px}
td.num,th.num{text-align:right}td small,th small{display:block}tr.reference th,tr.reference td{color:var(--muted,#667085);font-style:italic}
.table-wrap{overflow-x:auto}`;

function headlineTable(board: AirsLeaderboard): string {
  const rows = board.agents.map(
    (a, i) =>
      `<tr data-agent="${esc(a.agent)}"><td class=num>${i + 1}</td><th>${esc(a.agent)}</th><td class=num><b>${num(a.mean.value)}</b> <small>${range(a.mean.ci)}</small></td><td class=num>${num(a.median.value)} <small>${range(a.median.ci)}</small></td><td class=num>${num(a.iqm.value)} <small>${range(a.iqm.ci)}</small></td><td class=num>${percent(a.vsr.mean)}% <small>${range([a.vsr.ci[0] * 100, a.vsr.ci[1] * 100], 0)}</small></td><td class=num>${a.elo ? `${num(a.elo.rating, 0)} <small>${range(a.elo.ci, 0)}</small>` : "–"}</td><td class=num>${a.tasks}</td><td class=num>${a.runs}</td></tr>`,
  );
  if (board.sota) {
    rows.push(
      `<tr class=reference data-agent="${SOTA_LABEL}"><td></td><th>${SOTA_LABEL}</th><td class=num>1.000 <small>by construction</small></td><td></td><td></td><td class=num>–</td><td class=num>${num(board.sota.rating, 0)} <small>${range(board.sota.ci, 0)}</small></td><td></td><td></td></tr>`,
    );
  }
  return `<div class=table-wrap><table class=data id=headline><thead><tr><th class=num>#</th><th>agent</th><th class=num>mean NS <small>95% interval</small></th><th class=num>median NS</th><th class=num>IQM NS</th><th class=num>VSR <small>95% t interval</small></th><th class=num>Elo <small>95% interval</small></th><th class=num>tasks</th><th class=num>runs</th></tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

function cellHtml(cell: TaskCell | undefined): string {
  if (cell === undefined) return `<td class="num none">–</td>`;
  return `<td class=num><b>${num(cell.meanNormalizedScore)}</b><small>VSR ${percent(cell.vsr)}% (${cell.valid}/${cell.runs})</small><small>raw ${num(cell.meanScore, 4)}</small></td>`;
}

function perTaskTable(board: AirsLeaderboard): string {
  const head = board.tasks
    .map((t) => {
      const direction = t.lowerIsBetter === null ? "" : t.lowerIsBetter ? " ↓" : " ↑";
      return `<th class=num>${esc(t.task)}<small>${esc(t.metric ?? "score")}${direction} · SOTA ${num(t.sota, 4)}</small></th>`;
    })
    .join("");
  const rows = board.agents
    .map((a) => {
      const cells = board.tasks
        .map((t) => cellHtml(board.cells.find((c) => c.agent === a.agent && c.task === t.task)))
        .join("");
      return `<tr data-agent="${esc(a.agent)}"><th>${esc(a.agent)}</th>${cells}</tr>`;
    })
    .join("");
  return `<div class=table-wrap><table class=data id=per-task><thead><tr><th>agent</th>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** The page. */
export function leaderboardHtml(board: AirsLeaderboard, options: LeaderboardHtmlOptions = {}): string {
  const title = options.title ?? "AIRS-Bench leaderboard";
  const worst =
    board.worst === "observed" ? "the worst score any agent reached" : "the task's estimated worst score";
  const players = [
    ...board.agents.flatMap((a) => (a.elo ? [{ label: a.agent, rating: a.elo }] : [])),
    ...(board.sota ? [{ label: SOTA_LABEL, rating: board.sota, reference: true }] : []),
  ];
  const notes = board.notes.map((note) => `<p class=note>${esc(note)}</p>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${(options.baseStyle ?? "").replace(/<\/(style)/gi, "<\\/$1")}
${OWN_STYLE}</style></head>
<body><div id=app>
<h1>${esc(title)}</h1>
<p class=muted>${board.agents.length} agents · ${board.tasks.length} tasks · ${board.runs} runs · ${board.battles} Elo battles. NS is the log-normalised score per task: 0 = ${worst}, 1 = SOTA, above 1 beats it; an invalid run scores 0. Intervals are 95%: stratified bootstrap over seeds for NS, t over tasks for VSR, bootstrap over battles for Elo.</p>
${notes}
<section><h2>Agents</h2>${headlineTable(board)}</section>
<section><h2>Elo</h2><p class=muted>Bradley–Terry on every run against every other agent's runs, per task; SOTA plays with 10 copies of its score. Dot: bootstrap median; bar: 95% interval.</p>${eloChart(players) || "<p class=muted>No task has metadata to judge battles by.</p>"}</section>
<section><h2>Per task</h2><p class=muted>Mean normalised score, valid submission rate, and mean raw score over the valid runs.</p>${perTaskTable(board)}</section>
</div></body></html>
`;
}

/**
 * The leaderboard as terminal text: the headline table (as the paper's: mean normalised score
 * with its interval, VSR, Elo), then per task each agent's mean normalised score, VSR and raw
 * score. Agent names come from the logs, so control characters are dropped before printing.
 */
import type { AirsLeaderboard, TaskCell } from "./board.js";

export const num = (value: number | null | undefined, digits = 3): string =>
  value === null || value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(digits);

export const range = (ci: readonly [number, number], digits = 3): string =>
  Number.isFinite(ci[0]) ? `[${num(ci[0], digits)}, ${num(ci[1], digits)}]` : "";

export const percent = (rate: number): string => (Number.isFinite(rate) ? `${Math.round(rate * 100)}` : "–");

/** One line of plain text: no escape sequences or newlines from a log reach the terminal. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const plain = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, " ");

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function headline(board: AirsLeaderboard): string {
  const rows = [
    [
      "agent",
      "mean NS",
      "95% interval",
      "median",
      "IQM",
      "VSR %",
      "VSR 95% interval",
      "Elo",
      "Elo 95% interval",
      "tasks",
      "runs",
    ],
  ];
  for (const a of board.agents) {
    rows.push([
      plain(a.agent),
      num(a.mean.value),
      range(a.mean.ci),
      num(a.median.value),
      num(a.iqm.value),
      percent(a.vsr.mean),
      range([a.vsr.ci[0] * 100, a.vsr.ci[1] * 100], 0),
      a.elo ? num(a.elo.rating, 0) : "–",
      a.elo ? range(a.elo.ci, 0) : "",
      String(a.tasks),
      String(a.runs),
    ]);
  }
  if (board.sota) {
    rows.push([
      `${SOTA_LABEL}`,
      "1.000",
      "by construction",
      "",
      "",
      "",
      "",
      num(board.sota.rating, 0),
      range(board.sota.ci, 0),
      "",
      "",
    ]);
  }
  return table(rows);
}

export const SOTA_LABEL = "SOTA (reference)";

function cellText(cell: TaskCell | undefined): [string, string, string] {
  if (cell === undefined) return ["–", "–", "–"];
  return [
    num(cell.meanNormalizedScore),
    `${percent(cell.vsr)} (${cell.valid}/${cell.runs})`,
    num(cell.meanScore, 4),
  ];
}

function perTask(board: AirsLeaderboard): string {
  return board.tasks
    .map((task) => {
      const direction =
        task.lowerIsBetter === null ? "" : task.lowerIsBetter ? ", lower is better" : ", higher is better";
      const title = `${plain(task.task)}  (${plain(task.metric ?? "raw score")}${direction}; SOTA ${num(task.sota, 4)})`;
      const rows = [["agent", "mean NS", "VSR %", `mean ${plain(task.metric ?? "score")}`]];
      for (const agent of board.agents) {
        const cell = board.cells.find((c) => c.agent === agent.agent && c.task === task.task);
        if (cell !== undefined) rows.push([plain(agent.agent), ...cellText(cell)]);
      }
      return `${title}\n${table(rows)}`;
    })
    .join("\n\n");
}

/** The whole board for the terminal, best agent first. */
export function formatLeaderboard(board: AirsLeaderboard): string {
  const worst = board.worst === "observed" ? "the worst score observed" : "the task's estimated worst score";
  const lines = [
    `AIRS leaderboard: ${board.agents.length} agents · ${board.tasks.length} tasks · ${board.runs} runs · ${board.battles} Elo battles`,
    `NS: log-normalised score per task, 0 = ${worst}, 1 = SOTA (above 1 beats it); invalid runs score 0.`,
    "",
    headline(board),
    "",
    perTask(board),
  ];
  if (board.notes.length > 0) lines.push("", ...board.notes.map((note) => `note: ${plain(note)}`));
  return `${lines.join("\n")}\n`;
}

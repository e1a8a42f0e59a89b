/**
 * `hyperagents airs leaderboard RESULTS… [--out FILE] [--json]`: ranks every AIRS run in the
 * eval output folders (or log files) given, prints the table (or the board as JSON) and writes
 * the HTML page, by default `leaderboard.html` in the first folder.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import {
  type AirsLeaderboard,
  type AirsTaskInfo,
  airsLeaderboard,
  formatLeaderboard,
  leaderboardHtml,
  readAirsRuns,
} from "../../../evals/airs-leaderboard/index.js";
import { airsSuite } from "../../../tasks/airs/index.js";
import type { CliIo } from "../io.js";

/** The bundled suite's metadata by task id (`airs/<name>`): what normalises and judges runs. */
export function bundledTaskInfo(): Record<string, AirsTaskInfo> {
  return Object.fromEntries(airsSuite().map((entry) => [entry.id, entry.metadata]));
}

/** The report's stylesheet, for the report's look; the page still renders without it. */
function reportStyle(): string {
  try {
    return readFileSync(new URL("../../report/client/style.css", import.meta.url), "utf8");
  } catch {
    return "";
  }
}

function defaultOut(first: string): string {
  let isDir = false;
  try {
    isDir = statSync(first).isDirectory();
  } catch {
    // readAirsRuns has already said what is wrong with a missing path.
  }
  return join(isDir ? first : dirname(first), "leaderboard.html");
}

export function airsLeaderboardCommand(
  paths: string[],
  options: { json?: boolean; out?: string },
  io: CliIo,
): AirsLeaderboard {
  const absolute = paths.map((path) => resolve(io.cwd, path));
  const runs = readAirsRuns(absolute);
  const board = airsLeaderboard(runs, bundledTaskInfo());
  const out = options.out === undefined ? defaultOut(absolute[0]!) : resolve(io.cwd, options.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, leaderboardHtml(board, { baseStyle: reportStyle() }));
  io.stdout(options.json ? `${JSON.stringify(board, null, 2)}\n` : formatLeaderboard(board));
  io.stderr(`${relative(io.cwd, out) || out}\n`);
  return board;
}

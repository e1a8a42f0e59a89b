/** The AIRS leaderboard: runs read from eval logs, ranked as the paper ranks them, for the terminal and a page. */
export {
  type AgentRow,
  type AirsLeaderboard,
  type AirsTaskInfo,
  airsLeaderboard,
  type LeaderboardOptions,
  SOTA_PLAYER,
  type TaskCell,
  type TaskColumn,
} from "./board.js";
export { type ChartPlayer, eloChart } from "./elo-chart.js";
export { formatLeaderboard } from "./format.js";
export { type LeaderboardHtmlOptions, leaderboardHtml } from "./html.js";
export { type AirsRun, airsRunsOfLogs, isAirsLog, programOf, readAirsRuns, runsOfLog } from "./runs.js";

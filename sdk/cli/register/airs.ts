import type { Command } from "commander";
import type { CliIo } from "../io.js";
import { number } from "../parse.js";

export interface AirsTaskFlags {
  /** A bundled task, `airs/<name>`. */
  task?: string;
  /** A task folder (ours or the official format) with its data folder. */
  taskDir?: string;
  data?: string;
  json?: boolean;
}

export function registerAirs(program: Command, io: CliIo): void {
  const airs = program
    .command("airs")
    .description(
      "AIRS-Bench: score a submission, run and score a solution script, rank runs on a leaderboard",
    );
  airs
    .command("score")
    .description("score one submission.csv against a task's hidden test labels")
    .option("--task <id>", "a bundled task, airs/<name> or research/<name> (see `hyperagents tasks`)")
    .option("--task-dir <dir>", "a task folder: ours (metadata.json) or the official format (metadata.yaml)")
    .option("--data <dir>", "the task's data folder (train, test, test_with_labels; Arrow, CSV or JSONL)")
    .requiredOption("--submission <file>", "the submission.csv to score")
    .option("--json", "print the result as JSON")
    .action(async (options: AirsTaskFlags & { submission: string }) => {
      await (await import("../commands/airs.js")).airsScore(options, io);
    });
  airs
    .command("solve")
    .description("run a solution script in the solution runner on a task's data, then score its submission")
    .option("--task <id>", "a bundled task, airs/<name> or research/<name> (see `hyperagents tasks`)")
    .option("--task-dir <dir>", "a task folder: ours (metadata.json) or the official format (metadata.yaml)")
    .option("--data <dir>", "the task's data folder, with --task-dir")
    .requiredOption(
      "--solution <file>",
      "the script (.ts or .js) that reads ./data and writes ./submission.csv",
    )
    .option("--time-limit <seconds>", "wall-clock limit of the run (default 600)", number("--time-limit"))
    .option("--json", "print the result as JSON")
    .action(async (options: AirsTaskFlags & { solution: string; timeLimit?: number }) => {
      await (await import("../commands/airs.js")).airsSolve(options, io);
    });
  airs
    .command("leaderboard")
    .description(
      "rank AIRS runs per agent: mean normalised score, VSR, Elo and a per-task table; writes an HTML page",
    )
    .argument("<results...>", "`hyperagents eval --out` folders or *.eval.jsonl logs")
    .option("--out <file>", "the HTML page (default: leaderboard.html in the first folder)")
    .option("--json", "print the board as JSON")
    .action(async (results: string[], options: { out?: string; json?: boolean }) => {
      await (await import("../commands/airs-leaderboard.js")).airsLeaderboardCommand(results, options, io);
    });
}

import { existsSync, readFileSync } from "node:fs";
import { basename, extname, resolve } from "node:path";
import type { AirsScore, AirsTask } from "../../../tasks/airs/format.js";
import { loadAirsTaskDir, loadBundledAirsTask } from "../../../tasks/airs/load-task.js";
import { runAndScore } from "../../../tasks/airs/run-and-score.js";
import { scoreSubmission } from "../../../tasks/airs/score.js";
import { loadResearchTask } from "../../../tasks/research/index.js";
import { UserError } from "../../errors.js";
import type { CliIo } from "../io.js";
import type { AirsTaskFlags } from "../register/airs.js";

/** The task the flags name: a bundled `--task airs/<name>`, or `--task-dir` with `--data`. */
export async function resolveAirsTask(flags: AirsTaskFlags, io: CliIo): Promise<AirsTask> {
  if (flags.task !== undefined && flags.taskDir !== undefined) {
    throw new UserError("give either --task airs/<name> or --task-dir DIR, not both");
  }
  if (flags.task !== undefined) {
    const match = /^(airs|research)\/([\w-]+)$/.exec(flags.task);
    if (!match?.[2]) {
      throw new UserError(
        `--task takes airs/<name> or research/<name>, got "${flags.task}" (see \`hyperagents tasks\`)`,
      );
    }
    if (match[1] === "research") return loadResearchTask(match[2]);
    return loadBundledAirsTask(match[2]);
  }
  if (flags.taskDir === undefined) {
    throw new UserError("name the task: --task airs/<name>, or --task-dir DIR --data DIR for a task folder");
  }
  return loadAirsTaskDir(
    resolve(io.cwd, flags.taskDir),
    flags.data === undefined ? undefined : resolve(io.cwd, flags.data),
  );
}

function format(result: AirsScore, task: AirsTask): string {
  const direction = task.metadata.lowerIsBetter ? "lower is better" : "higher is better";
  if (!result.valid) return `${result.task}  invalid submission: ${result.reason ?? "unknown reason"}\n`;
  return `${result.task}  ${result.metric} ${result.score} (${direction})  normalised ${result.normalizedScore.toFixed(3)}\n`;
}

export async function airsScore(options: AirsTaskFlags & { submission: string }, io: CliIo): Promise<void> {
  const task = await resolveAirsTask(options, io);
  const result = await scoreSubmission(task, resolve(io.cwd, options.submission));
  io.stdout(options.json ? `${JSON.stringify(result)}\n` : format(result, task));
}

export async function airsSolve(
  options: AirsTaskFlags & { solution: string; timeLimit?: number },
  io: CliIo,
): Promise<void> {
  if (options.timeLimit !== undefined && options.timeLimit <= 0) {
    throw new UserError(`--time-limit takes seconds > 0, got ${options.timeLimit}`);
  }
  const file = resolve(io.cwd, options.solution);
  if (!existsSync(file)) throw new UserError(`--solution ${options.solution}: no such file`);
  const extension = extname(file);
  if (![".ts", ".mts", ".js", ".mjs"].includes(extension)) {
    throw new UserError(`--solution ${options.solution}: a solution is a .ts, .mts, .js or .mjs script`);
  }
  const task = await resolveAirsTask(options, io);
  const timeLimitMs = (options.timeLimit ?? 600) * 1000;
  io.stderr(`running ${basename(file)} on ${task.id} (limit ${timeLimitMs / 1000} s)…\n`);
  const result = await runAndScore(
    task,
    { solution: readFileSync(file, "utf8"), filename: `solution${extension}` },
    { timeLimitMs },
  );
  if (options.json) {
    io.stdout(`${JSON.stringify(result)}\n`);
    return;
  }
  if (result.outputTail !== "") io.stdout(`--- output (tail) ---\n${result.outputTail.trimEnd()}\n---\n`);
  io.stdout(format(result, task).replace(/\n$/, `  (${(result.wallMs / 1000).toFixed(1)} s)\n`));
}

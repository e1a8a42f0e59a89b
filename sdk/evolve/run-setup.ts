/**
 * What a call of `evolve` starts from: a new run's configuration and initial program, or a
 * resumed run's run.json, after every check that can refuse it (nothing is written here).
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { resolveTasks } from "../../tasks/index.js";
import type { Task } from "../../tasks/task.js";
import { UserError } from "../errors.js";
import { startingAgentDir } from "./agents.js";
import { prepareInitialProgram } from "./initial-program.js";
import { configFromOptions, type EvolveOptions } from "./options.js";
import { type RunConfig, readRunConfig } from "./run-config.js";
import { checkResumable, failedStartError, startFailure } from "./run-dir-checks.js";
import type { RunLock } from "./run-lock.js";

export interface RunSetup {
  resumed: boolean;
  config: RunConfig;
  tasks: Task[];
  /** A new run's initial program folder (to commit as `initial`). */
  initialFolder: string | undefined;
  /** A resume raised the run's total of generations (run.json is rewritten once the models work). */
  extended: boolean;
}

export async function runConfigFor(options: EvolveOptions, runDir: string, lock: RunLock): Promise<RunSetup> {
  const resumed = existsSync(join(runDir, "run.json"));
  if (resumed && !options.resume) {
    const failed = startFailure(runDir);
    if (failed !== undefined) throw failedStartError(runDir, failed);
    throw new UserError(
      `${runDir} already holds a run: pass --resume to continue it, or choose another --out`,
    );
  }
  if (!resumed && options.resume) {
    throw new UserError(
      `${runDir} holds no run to resume (no run.json): start one with \`hyperagents evolve\``,
    );
  }
  if (!resumed && existsSync(runDir) && readdirSync(runDir).length > 0) {
    throw new UserError(`${runDir} exists and is not empty: choose another --out, or remove it`);
  }

  const customTasks = (options.tasks ?? []).filter((task): task is Task => typeof task !== "string");
  let config: RunConfig;
  let tasks: Task[];
  let initialFolder: string | undefined;
  let extended = false;
  if (resumed) {
    lock.acquire();
    config = readRunConfig(runDir);
    checkResumable(runDir);
    if (options.generations !== undefined && options.generations !== config.generations) {
      if (options.generations < config.generations) {
        throw new UserError(
          `--generations on resume is the run's new total, so it can only extend it: this run has ${config.generations}, pass a number above ${config.generations}`,
        );
      }
      // Extending a run: the new total is part of its configuration from now on (written below,
      // once the models and cache are known to work).
      config = { ...config, generations: options.generations };
      extended = true;
    }
    tasks = await resolveTasks(config.tasks, customTasks);
  } else {
    if (!options.tasks || options.tasks.length === 0)
      throw new UserError("no task given: pass --task ID (see `hyperagents tasks`)");
    tasks = await resolveTasks(
      options.tasks.map((task) => (typeof task === "string" ? task : task.id)),
      customTasks,
    );
    config = configFromOptions(options, tasks);
    initialFolder = await prepareInitialProgram({
      agentDir: config.agentDir,
      editableSelection: config.editableSelection,
      ...(options.resetTaskAgent ? { resetTaskAgentFrom: startingAgentDir(config.metaModel, tasks) } : {}),
      ...(options.resetMetaAgent ? { resetMetaAgentFrom: startingAgentDir(config.metaModel, tasks) } : {}),
    });
  }
  return { resumed, config, tasks, initialFolder, extended };
}

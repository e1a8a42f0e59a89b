import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { evalTable, readEvalLogs } from "../../../evals/aggregate.js";
import type { ProgramWorkers, WorkerCall } from "../../../evals/evaluate-program.js";
import { readProgramFolder } from "../../../evals/read-program.js";
import { type EvalModel, type EvalRun, evaluateModels } from "../../../evals/run-eval.js";
import { renderEvalView } from "../../../evals/view.js";
import { checkProgram, type ProgramContract } from "../../../sandbox/index.js";
import { expandSuites, resolveTasks } from "../../../tasks/index.js";
import type { JsonValue, Split, Task, TaskFigure } from "../../../tasks/task.js";
import { SystemError, UserError } from "../../errors.js";
import { startingAgentDir } from "../../evolve/agents.js";
import { meanWithError } from "../../internal/stats.js";
import { createModel } from "../../llm/index.js";
import type { ChatModel } from "../../llm/types.js";
import { formatDuration } from "../../report/format.js";
import { cliModel } from "../cli-model.js";
import type { CliIo } from "../io.js";
import { defaultModelSpec } from "../model-default.js";
import { terminalText } from "../terminal-text.js";

export interface EvalCliOptions {
  task?: string[];
  model?: string[];
  agent?: string;
  scaffold?: string;
  split?: Split;
  limit?: number;
  concurrency?: number;
  seed: number;
  seeds?: number;
  budgetUsd?: number;
  out?: string;
  json?: boolean;
  pairing?: string;
  games?: number;
  tom?: boolean;
  /** Run the program's samples on `hyperagents worker` processes over Redis (or HYPERAGENTS_WORKERS). */
  workers?: string;
}

const SPLITS: readonly Split[] = ["train", "val", "test"];

/** What `eval --agent` runs: the task agent alone (the meta agent is not needed to evaluate). */
const TASK_AGENT_CONTRACT: ProgramContract = { exports: [{ entry: "task_agent.ts", name: "solve" }] };

/** Flags that are a task's own model-evaluation options (declared by the task, e.g. Decrypto's). */
const TASK_OPTION_FLAGS = ["pairing", "games", "tom"] as const;

export function runEvalView(dirs: readonly string[], options: { out?: string }, io: CliIo) {
  const logs = readEvalLogs(dirs.map((dir) => resolve(io.cwd, dir)));
  const table = evalTable(logs);
  const out = resolve(io.cwd, options.out ?? join(dirs[0]!, "eval-view.html"));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, renderEvalView(logs, table, { pageDir: dirname(out) }));
  io.stderr(`${relative(io.cwd, out) || out}\n`);
  return table;
}

/**
 * One sample's progress line. Its error text comes from a model or a program: no control
 * sequence of theirs reaches the terminal, and it stays on one line.
 */
export function sampleLine(
  prefix: string,
  sample: { instance: string; score: number; error?: string | null },
): string {
  const error = sample.error ? ` (${terminalText(sample.error, { oneLine: true }).slice(0, 120)})` : "";
  return `${prefix} ${sample.instance}: ${sample.score.toFixed(4)}${error}`;
}

/** The command's input, checked: models (offline when no key is set), tasks, splits, task options. */
async function evalInput(options: EvalCliOptions, io: CliIo) {
  const taskIds = options.task ?? [];
  if (taskIds.length === 0) throw new UserError("eval needs --task ID[,ID…] (see `hyperagents tasks`)");
  if (options.split && !SPLITS.includes(options.split)) {
    throw new UserError(`unknown split "${options.split}": use train, val or test`);
  }
  let specs = options.model ?? [];
  // Said once the input is known to be good, so a refusal stays one line.
  let notice = "";
  if (specs.length === 0) {
    const fallback = defaultModelSpec(io.env);
    specs = [fallback.spec];
    notice = `--model ${fallback.spec}: ${fallback.reason}\n`;
  }
  const twice = specs.find((spec, i) => specs.indexOf(spec) !== i);
  if (twice) throw new UserError(`--model ${twice} is given twice: list each model once`);
  // A suite (`airs`) is evaluated as its member tasks, one log each.
  const tasks = await resolveTasks(expandSuites(taskIds));
  // A task evaluates a model its own way (evaluateModel) unless a program is given with --agent.
  const programTasks = tasks.filter(
    (task) => options.agent !== undefined || options.scaffold !== undefined || !task.evaluateModel,
  );
  if (options.split) {
    for (const task of programTasks) {
      if (!task.splits.includes(options.split)) {
        throw new UserError(
          `task ${task.id} has no ${options.split} split: use one of ${task.splits.join(", ")}`,
        );
      }
    }
  }
  const taskOptions = readTaskOptions(options, tasks);
  const workers = workersUrl(options, io, tasks);
  return { specs, notice, tasks, taskIds, taskOptions, workers };
}

/** One line per (task, model) run, and what a budget stop left undone. */
function printRuns(
  result: Awaited<ReturnType<typeof evaluateModels>>,
  options: EvalCliOptions,
  io: CliIo,
): void {
  for (const run of result.runs) {
    for (const figure of run.figures) io.stderr(`${formatFigureLine(figure)}\n`);
    const resumed = run.resumed > 0 ? `, ${run.resumed} from the log` : "";
    if (run.samples === 0) {
      // Offline, a task may play only its reference baselines: there is no model mean to show.
      io.stderr(
        `${run.task} ${run.model}: no model samples (reference baselines only) · log: ${relative(io.cwd, run.log)}\n`,
      );
      continue;
    }
    io.stderr(
      `${run.task} ${run.model}: ${run.mean.toFixed(4)} [${run.ci[0].toFixed(4)}, ${run.ci[1].toFixed(4)}] over ${run.samples} samples` +
        ` (${run.errors} errors${resumed}) · $${run.costUsd.toFixed(4)} · log: ${relative(io.cwd, run.log)}\n`,
    );
  }
  if (result.stopped === "budget") {
    const notRun = result.runs.reduce((sum, run) => sum + run.notRun, 0);
    io.stderr(
      `--budget-usd ${options.budgetUsd} reached ($${result.spentUsd.toFixed(4)}): ${notRun} samples not run; rerun with a larger budget on the same --out to finish\n`,
    );
  }
}

export async function runEvalCommand(options: EvalCliOptions, io: CliIo) {
  const { specs, notice, tasks, taskIds, taskOptions, workers } = await evalInput(options, io);
  const models: EvalModel[] = specs.map((spec) => ({
    model: workers === undefined ? cliModel(spec, io.env) : workerSideModel(spec),
    ...(spec.trim() === "offline" ? { offline: true } : {}),
  }));
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  const outDir = resolve(
    io.cwd,
    options.out ?? join("runs", `eval-${taskIds.join("-").replace(/[^A-Za-z0-9._-]+/g, "_")}-${stamp}`),
  );
  if (options.agent !== undefined && options.scaffold !== undefined) {
    throw new UserError("give either --scaffold NAME or --agent DIR, not both");
  }
  const agentDir =
    options.agent !== undefined
      ? resolve(io.cwd, options.agent)
      : options.scaffold !== undefined
        ? startingAgentDir(specs[0] ?? "offline", tasks, options.scaffold)
        : undefined;
  const programs = new Map<string, Record<string, string>>();
  if (agentDir !== undefined) {
    const files = readProgramFolder(agentDir);
    await refuseBrokenProgram(files, relative(io.cwd, agentDir) || ".");
    programs.set("", files);
  }
  if (notice) io.stderr(notice);
  const remote = workers === undefined ? undefined : await connectWorkers(workers, specs, models, io);
  const started = performance.now();
  const result = await evaluateModels({
    tasks,
    models,
    outDir,
    program: (entry, task) => {
      const dir = agentDir ?? startingAgentDir(entry.model.id, [task]);
      let files = programs.get(agentDir === undefined ? dir : "");
      if (files === undefined) {
        files = readProgramFolder(dir);
        programs.set(dir, files);
      }
      return files;
    },
    ...(agentDir === undefined ? {} : { agent: agentDir }),
    ...(options.split ? { split: options.split } : {}),
    ...(options.seeds === undefined ? {} : { seeds: options.seeds }),
    ...(options.limit === undefined ? {} : { limit: options.limit }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.budgetUsd === undefined ? {} : { budgetUsd: options.budgetUsd }),
    seed: options.seed,
    options: taskOptions,
    onSample: ({ task, model, done, total, sample }) => {
      const line = sampleLine(`${task} ${model} ${done}/${total}`, sample);
      io.stderr(io.isTTY ? `\r\x1b[2K${line}${done === total ? "\n" : ""}` : `${line}\n`);
    },
    ...(remote ? { workers: remote.workers } : {}),
  }).finally(() => remote?.close());
  printRuns(result, options, io);
  const table = evalTable(
    result.runs.map((run) => ({
      path: run.log,
      header: { task: run.task, model: run.model },
      samples: run.records,
    })),
  );
  const output: { [key: string]: unknown } = {
    ...(result.runs.length === 1 ? legacyFields(result.runs[0]!, tasks, agentDir, options) : {}),
    runs: result.runs.map(({ records: _records, ...run }) => run),
    ...table,
    ...(result.stopped ? { stopped: result.stopped } : {}),
  };
  const resultsPath = join(outDir, "results.json");
  writeFileSync(resultsPath, `${JSON.stringify(output, null, 2)}\n`);
  io.stderr(
    `in ${formatDuration(performance.now() - started)}; results: ${relative(io.cwd, resultsPath)}; view: hyperagents eval view ${relative(io.cwd, outDir) || "."}\n`,
  );
  return output;
}

/**
 * results.json as it was before eval logs, for one task and one model: a program's per-instance
 * results with mean ± standard error, or the task's own summary (Decrypto's match-ups).
 */
function legacyFields(
  run: EvalRun,
  tasks: readonly Task[],
  agentDir: string | undefined,
  options: EvalCliOptions,
): { [key: string]: unknown } {
  const task = tasks.find((t) => t.id === run.task)!;
  if (run.details !== undefined) return { ...run.details };
  const own = run.records.filter((record) => record.reference !== true);
  const { mean, stderr } = meanWithError(own.map((record) => record.score));
  return {
    agent: agentDir ?? resolve(startingAgentDir(run.model, [task])),
    task: run.task,
    split: own[0]?.split ?? options.split ?? task.splits[0],
    model: run.model,
    instances: own.length,
    mean,
    stderr,
    failures: run.errors,
    wallMs: run.wallMs,
    results: own.map((record) => ({
      instanceId: record.instance,
      seed: record.seed,
      score: record.score,
      error: record.error,
      details: record.details,
      wallMs: record.wallMs,
    })),
    ...(run.figures.length > 0 ? { figures: run.figures } : {}),
  };
}

/**
 * The task-option flags given, checked against the tasks that take them: a flag no task here
 * declares is refused in one line rather than silently ignored.
 */
function readTaskOptions(options: EvalCliOptions, tasks: readonly Task[]): { [name: string]: JsonValue } {
  const taken = new Set(
    tasks.flatMap((task) =>
      options.agent === undefined ? (task.evaluateModel?.options ?? []).map((option) => option.name) : [],
    ),
  );
  const given: { [name: string]: JsonValue } = {};
  for (const name of TASK_OPTION_FLAGS) {
    const value = options[name];
    if (value === undefined) continue;
    if (!taken.has(name)) {
      const why = options.agent !== undefined ? " with --agent (a program is evaluated per instance)" : "";
      throw new UserError(
        `--${name} is not an option of ${tasks.map((task) => task.id).join(", ")}'s evaluation${why}: drop it (decrypto's model evaluation takes --games, --pairing, --tom)`,
      );
    }
    given[name] = value;
  }
  return given;
}

/**
 * A program that does not compile would score 0 on every instance and exit 0, which reads as a
 * result; it is the user's input, so it is refused with the first problem on one line (exit 2).
 */
async function refuseBrokenProgram(files: Record<string, string>, shown: string): Promise<void> {
  const verdict = await checkProgram(files, TASK_AGENT_CONTRACT);
  // A starved machine is no fault of the program: let the evaluation run and say what it finds.
  if (verdict.ok || verdict.starved) return;
  const where = verdict.file ? `${verdict.file}${verdict.line ? `:${verdict.line}` : ""}: ` : "";
  const message = verdict.message.replace(/\s+/g, " ").trim();
  throw new UserError(
    `the program in ${shown} does not compile (${verdict.stage}): ${where}${message.slice(0, 300)}`,
  );
}

/** "n = 26: 0.9908 (ratio to 2.6359830849) · sum of radii 2.61182 · record: above the reference". */
function formatFigureLine(figure: TaskFigure): string {
  const parts = [`${figure.label}: ${figure.value.toFixed(4)}${figure.unit ? ` (${figure.unit})` : ""}`];
  for (const [name, value] of Object.entries(figure.extra ?? {})) parts.push(`${name} ${value.toFixed(5)}`);
  if (figure.note) parts.push(figure.note);
  return parts.join(" · ");
}

/**
 * `--workers URL` (or HYPERAGENTS_WORKERS), checked: a task's own model evaluation (Decrypto's
 * games) plays the model in this process, with no program to send, so it is refused up front.
 */
function workersUrl(options: EvalCliOptions, io: CliIo, tasks: readonly Task[]): string | undefined {
  const fromEnv = options.workers === undefined;
  const url = options.workers ?? io.env.HYPERAGENTS_WORKERS;
  if (url === undefined || url === "") return undefined;
  if (options.agent !== undefined || options.scaffold !== undefined) return url;
  const own = tasks.filter((task) => task.evaluateModel !== undefined).map((task) => task.id);
  if (own.length === 0) return url;
  throw new UserError(
    `${own.join(", ")} evaluates a model its own way, in this process, which cannot run on workers: evaluate a program there with --agent DIR or --scaffold NAME, or ${fromEnv ? "unset HYPERAGENTS_WORKERS" : "drop --workers"}`,
  );
}

/**
 * With --workers the model is called on the workers, with their own keys: here only its id is
 * needed (for the logs), and the spec is still checked.
 */
function workerSideModel(spec: string): ChatModel {
  const keys = { OPENAI_API_KEY: "on-the-workers", ANTHROPIC_API_KEY: "on-the-workers" };
  const { id } = createModel(spec, { env: keys, maxRetries: 0 });
  return {
    id,
    generate: async () => {
      throw new SystemError(`${id} is called on the workers (--workers), never in this process`);
    },
  };
}

/**
 * One queue executor per model (a job names its task model), each recording its workers' model
 * calls until the sample takes them. The run key is new for each invocation: a rerun must try a
 * failed sample again, not take its old result from Redis (the eval log is what resumes).
 */
async function connectWorkers(
  url: string,
  specs: readonly string[],
  models: readonly EvalModel[],
  io: CliIo,
) {
  // The executor waits for Redis (a restart mid-run is survived): an unreachable one is said here, at once.
  const { checkRedis } = await import("../../queue/redis-check.js");
  const check = await checkRedis(url);
  if (!check.ok) throw new UserError(`--workers: ${check.detail}`);
  if (check.workers === 0)
    io.stderr("--workers: no worker is connected yet; the samples wait in the queue until one starts\n");
  const { connectRemoteExecutor } = await import("../../queue/index.js");
  const invocation = randomUUID();
  const executors: { close(): Promise<void> }[] = [];
  const byModel = new Map<EvalModel, ProgramWorkers>();
  try {
    for (const [i, spec] of specs.entries()) {
      const calls = new Map<string, WorkerCall[]>();
      const executor = await connectRemoteExecutor({
        url,
        runKey: `eval-${invocation}-${i}`,
        taskModel: spec.trim(),
        ledger: {
          record: (nodeId, _role, call) => calls.set(nodeId, [...(calls.get(nodeId) ?? []), call]),
          // The eval's --budget-usd is checked before each sample, as in this process.
          budgetLeftUsd: () => null,
        },
      });
      executors.push(executor);
      const takeCalls = (nodeId: string) => {
        const taken = calls.get(nodeId) ?? [];
        calls.delete(nodeId);
        return taken;
      };
      byModel.set(models[i]!, { executor, takeCalls });
    }
  } catch (error) {
    await Promise.allSettled(executors.map((executor) => executor.close()));
    throw error;
  }
  return {
    workers: (model: EvalModel) => byModel.get(model)!,
    close: async () => {
      await Promise.allSettled(executors.map((executor) => executor.close()));
    },
  };
}

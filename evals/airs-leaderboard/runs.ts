/**
 * The runs a leaderboard ranks, read from eval logs. A run is one (agent, AIRS task, seed)
 * sample; an agent is the (model, agent program) pair of the log that holds it, so the same
 * model under two scaffolds is two agents, as on the paper's leaderboard.
 */
import { statSync } from "node:fs";
import { basename } from "node:path";
import { UserError } from "../../sdk/errors.js";
import { readEvalLogs } from "../aggregate.js";
import { type EvalLog, readEvalLog, type SampleRecord } from "../log.js";

export interface AirsRun {
  /** `<program> · <model>`: what the leaderboard ranks. */
  agent: string;
  model: string;
  /** The `--agent` folder's name (e.g. "airs-greedy"), else "default" (the model's shipped agent). */
  program: string;
  /** `airs/<name>` for a bundled task; the log's task id otherwise. */
  task: string;
  seed: number;
  /** The raw metric; null when the run submitted nothing scorable. */
  score: number | null;
  valid: boolean;
  /** The normalised score the evaluator recorded: 0 when invalid, null when a valid run's log has none. */
  normalizedScore: number | null;
  error: string | null;
  wallMs: number;
  /** The eval log the run was read from. */
  log: string;
}

type Details = { [key: string]: unknown } | null;

/** An AIRS log: of task `airs` or `airs/<name>`, or (an official task folder) with AIRS details. */
export function isAirsLog(log: EvalLog): boolean {
  const { task } = log.header;
  if (task === "airs" || task.startsWith("airs/")) return true;
  return log.samples.some((sample) => {
    const details = sample.details as Details;
    return details !== null && typeof details.valid === "boolean" && "normalizedScore" in details;
  });
}

/** The agent program a log evaluated: its `--agent` folder, or a scaffold option, else the default. */
export function programOf(log: EvalLog): string {
  const { agent, options } = log.header.config;
  if (agent !== null && agent !== "") return basename(agent.replace(/[\\/]+$/, ""));
  const scaffold = options.scaffold;
  return typeof scaffold === "string" && scaffold !== "" ? scaffold : "default";
}

function taskOf(log: EvalLog, sample: SampleRecord): string {
  const recorded = (sample.details as Details)?.task;
  if (typeof recorded === "string" && recorded !== "") return recorded;
  // The suite task's instances are the bundled tasks; a single-task log's instance is its dataset.
  return log.header.task === "airs" ? `airs/${sample.instance}` : log.header.task;
}

const finite = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;

/**
 * One log's runs. A sample with no details (the agent returned no solution, or its model call
 * failed) is an invalid run: the agent submitted nothing, which the benchmark scores as N/A.
 * Baseline samples (no model in them) are not runs of the agent.
 */
export function runsOfLog(log: EvalLog): AirsRun[] {
  const program = programOf(log);
  const { model } = log.header;
  return log.samples
    .filter((sample) => sample.reference !== true)
    .map((sample): AirsRun => {
      const details = sample.details as Details;
      const score = finite(details?.score);
      const valid = details?.valid === true && score !== null;
      return {
        agent: `${program} · ${model}`,
        model,
        program,
        task: taskOf(log, sample),
        seed: sample.seed,
        score: valid ? score : null,
        valid,
        normalizedScore: valid ? finite(details?.normalizedScore) : 0,
        error: sample.error,
        wallMs: sample.wallMs,
        log: log.path,
      };
    });
}

/** The runs of every AIRS log among `logs`; a later run of the same (agent, task, seed) replaces an earlier. */
export function airsRunsOfLogs(logs: readonly EvalLog[]): AirsRun[] {
  const byKey = new Map<string, AirsRun>();
  for (const log of logs.filter(isAirsLog)) {
    for (const run of runsOfLog(log)) {
      const key = JSON.stringify([run.agent, run.task, run.seed]);
      byKey.delete(key);
      byKey.set(key, run);
    }
  }
  return [...byKey.values()];
}

/**
 * The AIRS runs in eval output folders (searched as `hyperagents eval view` does) or single log
 * files. Each path must hold at least one AIRS log: a folder of other tasks' logs is a mistake.
 */
export function readAirsRuns(paths: readonly string[]): AirsRun[] {
  if (paths.length === 0) throw new UserError("name at least one eval output folder or *.eval.jsonl file");
  const logs: EvalLog[] = [];
  for (const path of paths) {
    let isFile = false;
    try {
      isFile = statSync(path).isFile();
    } catch {
      throw new UserError(
        `no file or folder at ${path}: pass the --out folder of \`hyperagents eval --task airs\``,
      );
    }
    const found = isFile ? [readEvalLog(path)] : readEvalLogs([path]);
    const airs = found.filter(isAirsLog);
    if (airs.length === 0) {
      const tasks = [...new Set(found.map((log) => log.header.task))].join(", ");
      throw new UserError(
        `${path} holds no AIRS eval logs (only ${tasks}): pass the --out folder of \`hyperagents eval --task airs\``,
      );
    }
    logs.push(...airs);
  }
  return airsRunsOfLogs(logs);
}

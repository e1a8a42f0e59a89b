import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { SelectionPolicyName } from "../../archive/selection.js";
import { UserError } from "../../errors.js";
import { resolveBaseline } from "../../evolve/baselines.js";
import { evolve, type RunSummary } from "../../evolve/evolve.js";
import { type BaselineName, readRunConfig, runConfigPath } from "../../evolve/run-config.js";
import { writeRunSummary } from "../../evolve/run-summary-file.js";
import { bootstrapMedian } from "../../internal/stats.js";
import { formatDuration } from "../../report/format.js";
import { writeReport } from "../../report/index.js";
import { refuseContradictions } from "../evolve-flags.js";
import { CliExit, type CliIo } from "../io.js";
import { defaultModelSpec } from "../model-default.js";
import { evolveProgress, formatScore } from "../progress.js";
import { baselineNote, finishedRunNote, isFinished, zeroScoreWarning } from "../run-notes.js";

export interface EvolveCliOptions {
  task?: string[];
  model?: string;
  metaModel?: string;
  agent?: string;
  scaffold?: string;
  generations?: number;
  children: number;
  parallel?: number;
  selection?: SelectionPolicyName;
  stageSize?: number;
  stageThreshold?: number;
  baseline?: BaselineName;
  budgetUsd?: number;
  seed: number;
  out?: string;
  resume?: string;
  seeds?: number;
  editableSelection?: boolean;
  resetTaskAgent?: boolean;
  resetMetaAgent?: boolean;
  cache?: string;
  cacheMode?: "record" | "replay";
  /** Evaluate on `hyperagents worker` processes over Redis at this URL. */
  workers?: string;
  /** With workers: meta steps run on them too. */
  remoteMeta?: boolean;
  json?: boolean;
}

function cacheMode(mode: string | undefined): "record" | "replay" {
  if (mode === undefined || mode === "record" || mode === "replay") return mode ?? "record";
  throw new UserError(`unknown --cache-mode "${mode}": use record or replay`);
}

function defaultRunDir(options: EvolveCliOptions): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  const baseline = options.baseline && options.baseline !== "none" ? `-${options.baseline}` : "";
  const tasks = (options.task ?? ["run"]).join("+").replace(/[^A-Za-z0-9._+-]+/g, "_");
  return join("runs", `${tasks}${baseline}-${stamp}`);
}

/** The command: one run, or one per seed with the median of their best scores. */
export async function evolveCommand(options: EvolveCliOptions, io: CliIo): Promise<void> {
  refuseContradictions(options);
  // Names are validated in the SDK, where they are resolved.
  if (options.baseline) resolveBaseline(options.baseline);
  const seeds = options.seeds ?? 1;
  if (seeds > 1 && options.resume)
    throw new UserError("--seeds starts new runs: resume each run directory on its own");
  const summaries = [];
  for (let i = 0; i < seeds; i++) {
    const seed = options.seed + i;
    const out = seeds > 1 ? `${options.out ?? defaultRunDir(options)}-s${seed}` : options.out;
    summaries.push(await runEvolveCommand({ ...options, seed, ...(out ? { out } : {}) }, io));
  }
  if (seeds > 1) {
    const best = bootstrapMedian(summaries.map((summary) => summary.bestScore ?? 0));
    io.stderr(
      `${seeds} seeds: median best score ${formatScore(best.median)} (95% bootstrap interval ${formatScore(best.low)}–${formatScore(best.high)})\n` +
        `compare them: npx hyperagents report ${relative(io.cwd, summaries[0]!.runDir)} --compare ${summaries
          .slice(1)
          .map((summary) => relative(io.cwd, summary.runDir))
          .join(" ")}\n`,
    );
  }
  if (options.json) io.stdout(`${JSON.stringify(seeds > 1 ? summaries : summaries[0], null, 2)}\n`);
}

/** What a finished (or stopped) run prints: the outcome, the best node, and what to do next. */
function closingLines(summary: RunSummary, shown: string): string {
  const tests = Object.entries(summary.testScores)
    .map(([task, score]) => `${task} ${formatScore(score)}`)
    .join(", ");
  return [
    `run ${summary.reason} in ${formatDuration(summary.wallMs)}: ${summary.archiveSize} nodes (${summary.validCount} valid), $${summary.costUsd.toFixed(4)}`,
    `best: ${summary.bestNodeId ?? "none"} with score ${formatScore(summary.bestScore)}${tests ? ` (test: ${tests})` : ""}${summary.testNotRun ? ` (test: not run, ${summary.testNotRun})` : ""}`,
    `run directory: ${shown}`,
    "next:",
    `  ${join(shown, "report.html")}    # open it: the archive tree, progress, cost (summary.md beside it)`,
    summary.reason === "done"
      ? `  npx hyperagents evolve --resume ${shown} --generations ${summary.generations + 5} # extend it to a new total`
      : `  npx hyperagents evolve --resume ${shown} # continue`,
    `  git --git-dir ${join(shown, "program.git")} log --graph --all --oneline`,
    "",
  ].join("\n");
}

export async function runEvolveCommand(options: EvolveCliOptions, io: CliIo) {
  const resume = options.resume !== undefined;
  let model = options.model;
  if (!resume && model === undefined) {
    const fallback = defaultModelSpec(io.env);
    model = fallback.spec;
    io.stderr(`--model ${fallback.spec}: ${fallback.reason}\n`);
  }
  const runDir = resolve(io.cwd, options.resume ?? options.out ?? defaultRunDir(options));
  const existing = resume && existsSync(runConfigPath(runDir)) ? readRunConfig(runDir) : undefined;
  if (existing && !(options.generations !== undefined && options.generations > existing.generations)) {
    if (isFinished(runDir, existing))
      throw new CliExit(0, finishedRunNote(relative(io.cwd, runDir) || ".", existing.generations));
  }
  const note = baselineNote(
    existing?.baseline ?? options.baseline,
    existing?.metaModel ?? options.metaModel ?? model ?? "offline",
  );
  if (note) io.stderr(note);
  const progress = evolveProgress(io);
  // First Ctrl-C: finish the children in flight and stop cleanly; a second one kills the process.
  const controller = new AbortController();
  const onInterrupt = () => {
    io.stderr("\nstopping after the children in flight (Ctrl-C again to kill; --resume continues)\n");
    controller.abort();
    process.once("SIGINT", () => process.exit(130));
  };
  process.once("SIGINT", onInterrupt);
  let summary: RunSummary;
  try {
    summary = await evolve({
      signal: controller.signal,
      runDir,
      resume,
      ...(options.task ? { tasks: options.task } : {}),
      ...(model ? { model } : {}),
      ...(options.metaModel ? { metaModel: options.metaModel } : {}),
      ...(options.agent ? { agentDir: resolve(io.cwd, options.agent) } : {}),
      ...(options.scaffold ? { scaffold: options.scaffold } : {}),
      ...(options.generations ? { generations: options.generations } : {}),
      children: options.children,
      ...(options.parallel ? { parallel: options.parallel } : {}),
      ...(options.selection ? { selection: options.selection } : {}),
      ...(options.stageSize ? { stageSize: options.stageSize } : {}),
      ...(options.stageThreshold !== undefined ? { stageThreshold: options.stageThreshold } : {}),
      ...(options.baseline ? { baseline: options.baseline } : {}),
      ...(options.budgetUsd !== undefined ? { budgetUsd: options.budgetUsd } : {}),
      seed: options.seed,
      env: io.env,
      ...(options.editableSelection ? { editableSelection: true } : {}),
      ...(options.resetTaskAgent ? { resetTaskAgent: true } : {}),
      ...(options.resetMetaAgent ? { resetMetaAgent: true } : {}),
      ...(options.cache
        ? { cache: { dir: resolve(io.cwd, options.cache), mode: cacheMode(options.cacheMode) } }
        : {}),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.remoteMeta ? { remoteMeta: true } : {}),
      onEvent: progress.onEvent,
      onGenerationEnd: (dir) => writeReport(dir).then(() => undefined),
    });
  } finally {
    process.removeListener("SIGINT", onInterrupt);
  }
  progress.done();
  writeRunSummary(runDir, summary);
  const warning = zeroScoreWarning(summary, readRunConfig(runDir));
  if (warning) io.stderr(warning);
  await writeReport(runDir);
  io.stderr(closingLines(summary, relative(io.cwd, runDir) || "."));
  return summary;
}

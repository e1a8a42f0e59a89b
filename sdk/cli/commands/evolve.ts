import { existsSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { bootstrapMedian } from "../../internal/stats.js";
import type { SelectionPolicyName } from "../../archive/selection.js";
import { UserError } from "../../errors.js";
import { resolveBaseline } from "../../evolve/baselines.js";
import { evolve, type RunSummary } from "../../evolve/evolve.js";
import { type BaselineName, readRunConfig, runConfigPath } from "../../evolve/run-config.js";
import { formatDuration } from "../../report/format.js";
import { writeReport } from "../../report/index.js";
import { refuseContradictions } from "../evolve-flags.js";
import { CliExit, type CliIo } from "../io.js";
import { defaultModelSpec } from "../model-default.js";
import { integer, list, number } from "../parse.js";
import { evolveProgress, formatScore } from "../progress.js";
import { baselineNote, finishedRunNote, isFinished, zeroScoreWarning } from "../run-notes.js";

export interface EvolveCliOptions {
  task?: string[];
  model?: string;
  metaModel?: string;
  agent?: string;
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
  json?: boolean;
}

function cacheMode(mode: string | undefined): "record" | "replay" {
  if (mode === undefined || mode === "record" || mode === "replay") return mode ?? "record";
  throw new UserError(`unknown --cache-mode "${mode}": use record or replay`);
}

function defaultRunDir(options: EvolveCliOptions): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  const baseline = options.baseline && options.baseline !== "none" ? `-${options.baseline}` : "";
  return join("runs", `${(options.task ?? ["run"]).join("+")}${baseline}-${stamp}`);
}

export function registerEvolve(program: Command, io: CliIo): void {
  program
    .command("evolve")
    .description("run a DGM-H evolution loop (or resume one)")
    .option("--task <ids>", "task id(s), comma-separated (see `hyperagents tasks`)", list)
    .option(
      "--model <spec>",
      "task model: openai:NAME, anthropic:NAME or offline (default: offline without a key)",
    )
    .option("--meta-model <spec>", "meta model (default: the task model)")
    .option("--agent <dir>", "program folder to start from (default: agents/offline or agents/initial)")
    .option(
      "--generations <n>",
      "the run's total number of generations (default 10); with --resume, the new total, larger than the run's, to extend it",
      integer("--generations"),
    )
    .option("--children <k>", "children per generation", integer("--children"), 2)
    .option("--parallel <p>", "sandbox runs at once (default: CPU count)", integer("--parallel"))
    .option("--selection <policy>", "parent selection: dgm-h, dgm-h-paper, dgm, random, best, latest")
    .option("--stage-size <n>", "instances in the first evaluation stage", integer("--stage-size"))
    .option(
      "--stage-threshold <x>",
      "stage score needed (strictly above) for the full split",
      number("--stage-threshold"),
    )
    .option(
      "--baseline <name>",
      "none (DGM-H), no-self-improve (frozen initial meta agent), no-archive (extend the newest node, lineage only), dgm (fixed instruction generator, self-modifying coding agent), dgm-no-self-improve",
    )
    .option(
      "--editable-selection",
      "parents are picked by the program's own select_parent.ts, which meta agents may rewrite",
    )
    .option("--reset-task-agent", "start from --agent with its task agent replaced by the shipped one")
    .option("--reset-meta-agent", "start from --agent with its meta agent replaced by the shipped one")
    .option(
      "--seeds <n>",
      "run the same configuration on seeds S..S+n-1 into sibling directories",
      integer("--seeds"),
    )
    .option("--budget-usd <x>", "stop the run cleanly when model spend reaches this", number("--budget-usd"))
    .option("--seed <s>", "run seed", integer("--seed", 0), 0)
    .option("--out <dir>", "run directory (default: runs/TASK-TIMESTAMP)")
    .option("--resume <dir>", "continue the run in this directory")
    .option("--cache <dir>", "record every model response here (replay it later with --cache-mode replay)")
    .option("--cache-mode <mode>", "record (default) or replay: rerun a recorded run with no API call")
    .option("--json", "print the run summary as JSON on stdout")
    .action(async (options: EvolveCliOptions) => {
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
    });
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
      onEvent: progress.onEvent,
      onGenerationEnd: (dir) => writeReport(dir).then(() => undefined),
    });
  } finally {
    process.removeListener("SIGINT", onInterrupt);
  }
  progress.done();
  writeFileSync(join(runDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  const warning = zeroScoreWarning(summary, readRunConfig(runDir));
  if (warning) io.stderr(warning);
  await writeReport(runDir);
  const shown = relative(io.cwd, runDir) || ".";
  const tests = Object.entries(summary.testScores)
    .map(([task, score]) => `${task} ${formatScore(score)}`)
    .join(", ");
  io.stderr(
    [
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
    ].join("\n"),
  );
  return summary;
}

import { writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Command } from "commander";
import type { SelectionPolicyName } from "../../archive/selection.js";
import { evolve } from "../../evolve/evolve.js";
import type { BaselineName } from "../../evolve/run-config.js";
import type { CliIo } from "../io.js";
import { defaultModelSpec } from "../model-default.js";
import { integer, list, number } from "../parse.js";
import { evolveProgress, formatDuration, formatScore } from "../progress.js";

export interface EvolveCliOptions {
  task?: string[];
  model?: string;
  metaModel?: string;
  agent?: string;
  generations: number;
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
  json?: boolean;
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
    .option("--generations <n>", "generations to run", integer("--generations"), 10)
    .option("--children <k>", "children per generation", integer("--children"), 2)
    .option("--parallel <p>", "sandbox runs at once (default: CPU count)", integer("--parallel"))
    .option("--selection <policy>", "parent selection: dgm-h, dgm-h-paper, dgm, random, best, latest")
    .option("--stage-size <n>", "instances in the first evaluation stage", integer("--stage-size"))
    .option(
      "--stage-threshold <x>",
      "stage score needed (strictly above) for the full split",
      number("--stage-threshold"),
    )
    .option("--baseline <name>", "none, no-self-improve, no-archive")
    .option("--budget-usd <x>", "stop the run cleanly when model spend reaches this", number("--budget-usd"))
    .option("--seed <s>", "run seed", integer("--seed", 0), 0)
    .option("--out <dir>", "run directory (default: runs/TASK-TIMESTAMP)")
    .option("--resume <dir>", "continue the run in this directory")
    .option("--json", "print the run summary as JSON on stdout")
    .action(async (options: EvolveCliOptions) => {
      const summary = await runEvolveCommand(options, io);
      if (options.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
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
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  const runDir = resolve(
    io.cwd,
    options.resume ?? options.out ?? join("runs", `${(options.task ?? ["run"]).join("+")}-${stamp}`),
  );
  const progress = evolveProgress(io);
  const summary = await evolve({
    runDir,
    resume,
    ...(options.task ? { tasks: options.task } : {}),
    ...(model ? { model } : {}),
    ...(options.metaModel ? { metaModel: options.metaModel } : {}),
    ...(options.agent ? { agentDir: resolve(io.cwd, options.agent) } : {}),
    generations: options.generations,
    children: options.children,
    ...(options.parallel ? { parallel: options.parallel } : {}),
    ...(options.selection ? { selection: options.selection } : {}),
    ...(options.stageSize ? { stageSize: options.stageSize } : {}),
    ...(options.stageThreshold !== undefined ? { stageThreshold: options.stageThreshold } : {}),
    ...(options.baseline ? { baseline: options.baseline } : {}),
    ...(options.budgetUsd !== undefined ? { budgetUsd: options.budgetUsd } : {}),
    seed: options.seed,
    onEvent: progress.onEvent,
  });
  progress.done();
  writeFileSync(join(runDir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  const shown = relative(io.cwd, runDir) || ".";
  const tests = Object.entries(summary.testScores)
    .map(([task, score]) => `${task} ${formatScore(score)}`)
    .join(", ");
  io.stderr(
    [
      `run ${summary.reason} in ${formatDuration(summary.wallMs)}: ${summary.archiveSize} nodes (${summary.validCount} valid), $${summary.costUsd.toFixed(4)}`,
      `best: ${summary.bestNodeId ?? "none"} with score ${formatScore(summary.bestScore)}${tests ? ` (test: ${tests})` : ""}`,
      `run directory: ${shown}`,
      "next:",
      `  npx hyperagents report ${shown}          # HTML report of the archive`,
      `  npx hyperagents evolve --resume ${shown} # continue (or after a crash)`,
      `  git --git-dir ${join(shown, "program.git")} log --graph --all --oneline`,
      "",
    ].join("\n"),
  );
  return summary;
}

import { join, relative, resolve } from "node:path";
import { improvementAtK } from "../../evolve/impk.js";
import { bootstrapMedian } from "../../internal/stats.js";
import type { CliIo } from "../io.js";
import { defaultModelSpec } from "../model-default.js";
import { evolveProgress } from "../progress.js";

export interface ImpkCliOptions {
  agent: string;
  task: string[];
  k: number;
  model?: string;
  metaModel?: string;
  parallel?: number;
  seed: number;
  seeds?: number;
  out?: string;
  json?: boolean;
}

export async function impk(options: ImpkCliOptions, io: CliIo): Promise<void> {
  let model = options.model;
  if (!model) {
    const fallback = defaultModelSpec(io.env);
    model = fallback.spec;
    io.stderr(`--model ${fallback.spec}: ${fallback.reason}\n`);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  const base = resolve(io.cwd, options.out ?? join("runs", `impk-${options.task.join("+")}-${stamp}`));
  const seeds = Array.from({ length: options.seeds ?? 1 }, (_, i) => options.seed + i);
  const results = [];
  for (const seed of seeds) {
    const runDir = seeds.length > 1 ? `${base}-s${seed}` : base;
    const progress = evolveProgress(io);
    const result = await improvementAtK({
      agentDir: resolve(io.cwd, options.agent),
      tasks: options.task,
      k: options.k,
      runDir,
      model,
      ...(options.metaModel ? { metaModel: options.metaModel } : {}),
      ...(options.parallel ? { parallel: options.parallel } : {}),
      seed,
      env: io.env,
      onEvent: progress.onEvent,
    });
    progress.done();
    const lines = Object.entries(result.improvement).map(
      ([task, delta]) =>
        `  ${task}: test ${(result.initialTest[task] ?? 0).toFixed(4)} → ${(result.bestTest[task] ?? 0).toFixed(4)} (${delta >= 0 ? "+" : ""}${delta.toFixed(4)})`,
    );
    io.stderr(
      `imp@${result.k} = ${result.impAtK.toFixed(4)} (seed ${seed}; best node ${result.bestNodeId ?? "none"})\n${lines.join("\n")}\nrun directory: ${relative(io.cwd, runDir)}\n`,
    );
    results.push(result);
  }
  const summary = bootstrapMedian(results.map((result) => result.impAtK));
  io.stderr(
    seeds.length > 1
      ? `imp@${options.k} over ${seeds.length} seeds: median ${summary.median.toFixed(4)} (95% bootstrap interval ${summary.low.toFixed(4)} to ${summary.high.toFixed(4)})\n`
      : `imp@${options.k} rests on 1 seed: pass --seeds 5 for a median with an interval\n`,
  );
  const output =
    seeds.length > 1
      ? { seeds, median: summary.median, low: summary.low, high: summary.high, runs: results }
      : results[0];
  if (options.json) io.stdout(`${JSON.stringify(output, null, 2)}\n`);
}

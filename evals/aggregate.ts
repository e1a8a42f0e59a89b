/**
 * Aggregates over eval logs: per (task, model) the mean with its 95% interval, and where two
 * models answered the same samples (same split, instance and seed), the paired difference.
 * Reference samples (baselines that do not involve the model) stay out of every figure here.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../sdk/errors.js";
import { meanInterval, pairedDifference } from "../sdk/internal/stats.js";
import {
  type EvalLog,
  type EvalLogHeader,
  type LogAggregates,
  readEvalLog,
  type SampleRecord,
  sampleKey,
} from "./log.js";

/** What the table reads of a log: where it is, whose it is, its samples. */
export interface TableLog {
  path: string;
  header: Pick<EvalLogHeader, "task" | "model">;
  samples: readonly SampleRecord[];
}

export type { LogAggregates };

export interface EvalCell {
  task: string;
  model: string;
  mean: number;
  ci: [number, number];
  samples: number;
  errors: number;
}

export interface PairedComparison {
  task: string;
  /** The difference is `a − b`. */
  a: string;
  b: string;
  /** Samples both models answered. */
  samples: number;
  mean: number;
  ci: [number, number];
}

export interface ModelTotals {
  model: string;
  samples: number;
  errors: number;
  costUsd: number;
  wallMs: number;
  tokens: { input: number; output: number };
}

export interface EvalTable {
  models: string[];
  tasks: string[];
  cells: EvalCell[];
  paired: PairedComparison[];
  totals: ModelTotals[];
}

function scored(log: TableLog): SampleRecord[] {
  return log.samples.filter((sample) => sample.reference !== true);
}

export function aggregateSamples(samples: readonly SampleRecord[]): LogAggregates {
  const own = samples.filter((sample) => sample.reference !== true);
  const { mean, ci } = meanInterval(own.map((sample) => sample.score));
  return {
    mean,
    ci,
    samples: own.length,
    errors: own.filter((sample) => sample.error !== null).length,
    costUsd: samples.reduce((sum, sample) => sum + sample.costUsd, 0),
    wallMs: samples.reduce((sum, sample) => sum + sample.wallMs, 0),
    tokens: {
      input: samples.reduce((sum, sample) => sum + sample.tokens.input, 0),
      output: samples.reduce((sum, sample) => sum + sample.tokens.output, 0),
    },
  };
}

/** The models × tasks table of a set of logs (one log per task and model; a duplicate is refused). */
export function evalTable(logs: readonly TableLog[]): EvalTable {
  const seen = new Map<string, string>();
  for (const log of logs) {
    const id = JSON.stringify([log.header.task, log.header.model]);
    const other = seen.get(id);
    if (other !== undefined) {
      throw new UserError(
        `${other} and ${log.path} both hold ${log.header.task} on ${log.header.model}: view one of the folders at a time`,
      );
    }
    seen.set(id, log.path);
  }
  const models = [...new Set(logs.map((log) => log.header.model))];
  const tasks = [...new Set(logs.map((log) => log.header.task))];
  const cells: EvalCell[] = logs.map((log) => {
    const aggregates = aggregateSamples(log.samples);
    return {
      task: log.header.task,
      model: log.header.model,
      mean: aggregates.mean,
      ci: aggregates.ci,
      samples: aggregates.samples,
      errors: aggregates.errors,
    };
  });
  const paired: PairedComparison[] = [];
  for (const task of tasks) {
    const ofTask = logs.filter((log) => log.header.task === task);
    for (let i = 0; i < ofTask.length; i++) {
      for (let j = i + 1; j < ofTask.length; j++) {
        const a = ofTask[i]!;
        const b = ofTask[j]!;
        const byKey = new Map(scored(b).map((sample) => [sampleKey(sample), sample.score]));
        const left: number[] = [];
        const right: number[] = [];
        for (const sample of scored(a)) {
          const other = byKey.get(sampleKey(sample));
          if (other === undefined) continue;
          left.push(sample.score);
          right.push(other);
        }
        if (left.length === 0) continue;
        const { mean, ci } = pairedDifference(left, right);
        paired.push({ task, a: a.header.model, b: b.header.model, samples: left.length, mean, ci });
      }
    }
  }
  const totals = models.map((model) => {
    const all = logs.filter((log) => log.header.model === model).flatMap((log) => log.samples);
    const aggregates = aggregateSamples(all);
    return {
      model,
      samples: aggregates.samples,
      errors: aggregates.errors,
      costUsd: aggregates.costUsd,
      wallMs: aggregates.wallMs,
      tokens: aggregates.tokens,
    };
  });
  return { models, tasks, cells, paired, totals };
}

/** Every eval log in the folders given (and their subfolders), or a user error naming the folder. */
export function readEvalLogs(dirs: readonly string[]): EvalLog[] {
  const logs: EvalLog[] = [];
  for (const dir of dirs) {
    let found = 0;
    const walk = (current: string, depth: number) => {
      let entries: string[];
      try {
        entries = readdirSync(current);
      } catch {
        throw new UserError(`no folder at ${current}: pass the --out folder of \`hyperagents eval\``);
      }
      for (const name of entries.sort()) {
        const path = join(current, name);
        if (name.endsWith(".eval.jsonl")) {
          logs.push(readEvalLog(path));
          found++;
        } else if (depth < 3 && statSync(path).isDirectory()) walk(path, depth + 1);
      }
    };
    walk(dir, 0);
    if (found === 0) {
      throw new UserError(
        `${dir} holds no eval logs (*.eval.jsonl): pass the --out folder of \`hyperagents eval\``,
      );
    }
  }
  return logs;
}

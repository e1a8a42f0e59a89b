/**
 * Evaluating models on tasks: every model on every task, one eval log per (task, model). A rerun
 * on the same folder skips the samples its logs already hold (a sample whose model failed is tried
 * again); a failure inside a sample is that sample's error, never the evaluation's. With workers,
 * a program's samples run as queue jobs; a job no worker can run stops the evaluation.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createSandbox } from "../sandbox/index.js";
import type { Sandbox } from "../sandbox/types.js";
import { HyperagentsError, UserError } from "../sdk/errors.js";
import { createLimiter } from "../sdk/llm/index.js";
import type { ChatModel } from "../sdk/llm/types.js";
import type {
  JsonValue,
  ModelEvaluation,
  ModelSample,
  ModelSampleRequest,
  Split,
  Task,
  TaskFigure,
} from "../tasks/task.js";
import { aggregateSamples, type LogAggregates } from "./aggregate.js";
import { type ProgramWorkers, programOnWorkers, type SampleOutcome } from "./evaluate-program.js";
import {
  EVAL_LOG_FORMAT,
  EVAL_LOG_VERSION,
  type EvalLogConfig,
  type EvalLogHeader,
  type EvalLogWriter,
  openEvalLog,
  readEvalLog,
  type SampleRecord,
  sampleKey,
} from "./log.js";
import { defaultSplit, programSamples } from "./program-samples.js";
import { recordingModel } from "./recording-model.js";

export interface EvalModel {
  model: ChatModel;
  /** The offline model: tasks with their own model evaluation play only what needs no model. */
  offline?: boolean;
}

export interface EvaluateModelsOptions {
  tasks: readonly Task[];
  models: readonly EvalModel[];
  /** Where the logs go (`OUT/TASK.MODEL.eval.jsonl`); an existing folder is resumed. */
  outDir: string;
  /**
   * The program a task without its own model evaluation runs for a model (the shipped agent).
   * With `agent` set, that program is run on every task, its own model evaluation or not.
   */
  program: (model: EvalModel, task: Task) => Record<string, string>;
  /** `--agent DIR`: recorded in the logs' configuration. */
  agent?: string;
  split?: Split;
  seeds?: number;
  limit?: number;
  /** Samples at once, over all tasks and models (default 4). */
  concurrency?: number;
  /** No new sample starts once the logs' recorded cost reaches this (USD). */
  budgetUsd?: number;
  /** Added to the program samples' seeds (`--seed`). */
  seed?: number;
  /** A task's own options (Decrypto's games, pairing, tom), passed to the tasks that declare them. */
  options?: { [name: string]: JsonValue };
  onSample?: (progress: SampleProgress) => void;
  signal?: AbortSignal;
  /**
   * Run the program samples of this model on workers (`--workers`) instead of in this process.
   * A task's own model evaluation (no program) cannot: it is refused.
   */
  workers?: (model: EvalModel) => ProgramWorkers;
}

export interface SampleProgress {
  task: string;
  model: string;
  done: number;
  total: number;
  sample: SampleRecord;
}

export interface EvalRun extends LogAggregates {
  task: string;
  model: string;
  log: string;
  /** Samples this invocation ran; the rest of `total` were in the log already or not run. */
  ran: number;
  resumed: number;
  /** Samples left out because the budget was reached. */
  notRun: number;
  total: number;
  figures: TaskFigure[];
  details?: { [key: string]: JsonValue };
  records: SampleRecord[];
}

export interface ModelsEvaluation {
  outDir: string;
  runs: EvalRun[];
  /** Set when --budget-usd stopped new samples. */
  stopped?: "budget";
  spentUsd: number;
}

/** One flat file name per (task, model): slashes (`airs/<name>`, `openai:org/model`) become `_`. */
export function logFileName(task: string, model: string): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, "_");
  return `${safe(task)}.${safe(model)}.eval.jsonl`;
}

interface Pair {
  task: Task;
  entry: EvalModel;
  evaluation: ModelEvaluation;
  request: ModelSampleRequest;
  samples: readonly ModelSample[];
  path: string;
  todo: ModelSample[];
  writer: EvalLogWriter;
  /** With workers: runs one sample there. */
  remote?: (sample: ModelSample, signal?: AbortSignal) => Promise<SampleOutcome>;
}

export async function evaluateModels(options: EvaluateModelsOptions): Promise<ModelsEvaluation> {
  if (options.tasks.length === 0) throw new UserError("no task to evaluate: pass --task ID");
  if (options.models.length === 0) throw new UserError("no model to evaluate: pass --model SPEC");
  if (options.workers) refuseOwnEvaluationOnWorkers(options);
  mkdirSync(options.outDir, { recursive: true });
  let sandbox: Sandbox | null = null;
  const pairs: Pair[] = [];
  let spent = 0;
  try {
    for (const task of options.tasks) {
      for (const entry of options.models) {
        const own = options.agent === undefined ? task.evaluateModel : undefined;
        if (own === undefined && sandbox === null) sandbox = createSandbox();
        const files = own === undefined ? options.program(entry, task) : {};
        const split = options.split ?? defaultSplit(task);
        const evaluation =
          own ?? programSamples({ files, task, sandbox: sandbox!, split, baseSeed: options.seed ?? 0 });
        const workers = own === undefined ? options.workers?.(entry) : undefined;
        const remote = workers && programOnWorkers({ files, task, split, workers });
        const request: ModelSampleRequest = {
          model: entry.offline ? null : entry.model,
          ...(options.seeds === undefined ? {} : { seeds: options.seeds }),
          ...(options.limit === undefined ? {} : { limit: options.limit }),
          options: ownOptions(evaluation, options.options ?? {}),
        };
        const samples = await evaluation.samples(request);
        const path = join(options.outDir, logFileName(task.id, entry.model.id));
        const config: EvalLogConfig = {
          agent: options.agent ?? null,
          seeds: options.seeds ?? null,
          limit: options.limit ?? null,
          options: request.options,
        };
        const done = new Set<string>();
        let previous: EvalLogHeader | null = null;
        if (existsSync(path)) {
          const log = readEvalLog(path);
          previous = log.header;
          if (log.header.task !== task.id || log.header.model !== entry.model.id) {
            throw new UserError(
              `${path} holds ${log.header.task} on ${log.header.model}, not ${task.id} on ${entry.model.id}: use another --out`,
            );
          }
          for (const sample of log.samples) {
            spent += sample.costUsd;
            if (sample.modelError !== true) done.add(sampleKey(sample));
          }
        }
        const header: EvalLogHeader = {
          type: "header",
          format: EVAL_LOG_FORMAT,
          version: EVAL_LOG_VERSION,
          task: task.id,
          model: entry.model.id,
          config,
          created: new Date().toISOString(),
        };
        const writer = openEvalLog(path, header);
        if (previous !== null && JSON.stringify(previous.config) !== JSON.stringify(config)) {
          writer.append({ type: "resume", config, at: new Date().toISOString() });
        }
        const todo = samples.filter((sample) => !done.has(sampleKey(sample)));
        pairs.push({
          task,
          entry,
          evaluation,
          request,
          samples,
          path,
          todo,
          writer,
          ...(remote ? { remote } : {}),
        });
      }
    }

    const limiter = createLimiter(Math.max(1, options.concurrency ?? 4));
    let stopped = false;
    // A job no worker could run: no further sample starts, and the evaluation fails with it.
    let failure: { error: unknown } | undefined;
    const counts = new Map<Pair, { ran: number; notRun: number; done: number }>();
    await Promise.all(
      pairs.flatMap((pair) => {
        const count = { ran: 0, notRun: 0, done: pair.samples.length - pair.todo.length };
        counts.set(pair, count);
        return pair.todo.map((sample) =>
          limiter.run(async () => {
            if (options.signal?.aborted || failure !== undefined) return;
            if (options.budgetUsd !== undefined && spent >= options.budgetUsd) {
              stopped = true;
              count.notRun++;
              return;
            }
            let record: SampleRecord;
            try {
              record = await runSample(pair, sample, options.signal);
            } catch (error) {
              failure ??= { error };
              return;
            }
            pair.writer.append(record);
            spent += record.costUsd;
            count.ran++;
            count.done++;
            options.onSample?.({
              task: pair.task.id,
              model: pair.entry.model.id,
              done: count.done,
              total: pair.samples.length,
              sample: record,
            });
          }),
        );
      }),
    );
    if (failure !== undefined) throw failure.error;

    const runs: EvalRun[] = pairs.map((pair) => {
      const log = readEvalLog(pair.path);
      const aggregates = aggregateSamples(log.samples);
      const summary = pair.evaluation.summarise?.(
        log.samples.map((sample) => ({
          split: sample.split,
          instance: sample.instance,
          seed: sample.seed,
          input: sample.input,
          ...(sample.reference ? { reference: true } : {}),
          score: sample.score,
          error: sample.error,
          details: sample.details,
        })),
        pair.request,
      );
      const figures = summary?.figures ?? [];
      pair.writer.append({
        type: "aggregates",
        mean: aggregates.mean,
        ci: aggregates.ci,
        samples: aggregates.samples,
        errors: aggregates.errors,
        costUsd: aggregates.costUsd,
        wallMs: aggregates.wallMs,
        figures,
        at: new Date().toISOString(),
      });
      const count = counts.get(pair)!;
      return {
        task: pair.task.id,
        model: pair.entry.model.id,
        log: pair.path,
        ...aggregates,
        ran: count.ran,
        resumed: pair.samples.length - pair.todo.length,
        notRun: count.notRun,
        total: pair.samples.length,
        figures,
        ...(summary?.details ? { details: summary.details } : {}),
        records: log.samples,
      };
    });
    return {
      outDir: options.outDir,
      runs,
      spentUsd: spent,
      ...(stopped ? { stopped: "budget" as const } : {}),
    };
  } finally {
    for (const pair of pairs) pair.writer.close();
    await (sandbox as Sandbox | null)?.dispose();
  }
}

/** Only the options a task's model evaluation declares reach it. */
function ownOptions(
  evaluation: ModelEvaluation,
  given: { [name: string]: JsonValue },
): { [name: string]: JsonValue } {
  const names = new Set((evaluation.options ?? []).map((option) => option.name));
  return Object.fromEntries(Object.entries(given).filter(([name]) => names.has(name)));
}

async function runSample(pair: Pair, sample: ModelSample, signal?: AbortSignal): Promise<SampleRecord> {
  const started = performance.now();
  const outcome = pair.remote ? await pair.remote(sample, signal) : await localOutcome(pair, sample, signal);
  const { transcript, modelError } = outcome;
  return {
    type: "sample",
    task: pair.task.id,
    model: pair.entry.model.id,
    split: sample.split,
    instance: sample.instance,
    seed: sample.seed,
    input: sample.input,
    ...(sample.reference ? { reference: true } : {}),
    transcript,
    answer: outcome.answer,
    score: outcome.score,
    error: outcome.error,
    ...(modelError ? { modelError: true } : {}),
    details: outcome.details,
    tokens: {
      input: transcript.reduce((sum, call) => sum + call.inputTokens, 0),
      output: transcript.reduce((sum, call) => sum + call.outputTokens, 0),
    },
    costUsd: transcript.reduce((sum, call) => sum + call.costUsd, 0),
    wallMs: performance.now() - started,
    at: new Date().toISOString(),
  };
}

async function localOutcome(pair: Pair, sample: ModelSample, signal?: AbortSignal): Promise<SampleOutcome> {
  const model = recordingModel(pair.entry.model);
  let score = 0;
  let answer: JsonValue = null;
  let details: { [key: string]: JsonValue } | null = null;
  let error: string | null = null;
  let threw = false;
  try {
    const result = await pair.evaluation.run(sample, {
      model,
      options: pair.request.options,
      ...(signal ? { signal } : {}),
    });
    score = Number.isFinite(result.score) ? Math.min(1, Math.max(0, result.score)) : 0;
    answer = result.answer ?? null;
    details = result.details ?? null;
    error = result.error ?? null;
  } catch (caught) {
    // The task or the model failed this sample: it scores 0 and says why.
    threw = true;
    error = HyperagentsError.is(caught) || caught instanceof Error ? caught.message : String(caught);
  }
  const modelError = model.failure !== null && (threw || error !== null);
  if (modelError && !error?.includes(model.failure!)) error = `model: ${model.failure} (${error})`;
  return { score, answer, details, error, modelError, transcript: model.transcript };
}

/** A task's own model evaluation plays the model in this process (no program to send): refused with workers. */
function refuseOwnEvaluationOnWorkers(options: EvaluateModelsOptions): void {
  if (options.agent !== undefined) return;
  const own = options.tasks.filter((task) => task.evaluateModel !== undefined).map((task) => task.id);
  if (own.length === 0) return;
  throw new UserError(
    `${own.join(", ")} evaluates a model its own way, in this process, which cannot run on workers: evaluate a program there with --agent DIR or --scaffold NAME, or drop --workers`,
  );
}

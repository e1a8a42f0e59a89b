/**
 * Evaluating one program (a folder, or a files map) on a task split, outside an evolution run:
 * `hyperagents eval --agent DIR`. Results are per instance plus mean ± standard error. With
 * workers (`eval --workers`), each sample is one job for an InstanceExecutor the caller connected
 * (sdk/queue, a higher layer): the same evaluateInstances runs on a worker, with the same seeds.
 */
import { availableParallelism } from "node:os";
import { createSandbox } from "../sandbox/index.js";
import type { Limits } from "../sandbox/types.js";
import { meanWithError } from "../sdk/internal/stats.js";
import { createLimiter } from "../sdk/llm/index.js";
import type { ChatModel } from "../sdk/llm/types.js";
import type { EvaluationRecord } from "../sdk/store/run-store.js";
import type { JsonValue, ModelSample, Split, Task, TaskInstance } from "../tasks/task.js";
import { evaluateInstances, type InstanceExecutor, type WorkerSample } from "./evaluate-instances.js";
import type { TranscriptEntry } from "./log.js";
import { DEFAULT_PROGRAM_LIMITS } from "./program-samples.js";

export interface EvaluateProgramOptions {
  files: Record<string, string>;
  task: Task;
  split?: Split;
  /** The model behind the program's `ctx.llm`. */
  model: ChatModel;
  /** Evaluate at most this many instances (the first N of the split). */
  limit?: number;
  concurrency?: number;
  seed?: number;
  limits?: Partial<Limits>;
  onInstance?: (done: number, total: number, result: EvaluationRecord) => void;
  signal?: AbortSignal;
  /** Runs the instances elsewhere (workers over a queue); the caller records their model calls. */
  executor?: InstanceExecutor;
}

export interface ProgramEvaluation {
  task: string;
  split: Split;
  model: string;
  instances: number;
  mean: number;
  stderr: number;
  failures: number;
  wallMs: number;
  results: EvaluationRecord[];
}

export async function evaluateProgram(options: EvaluateProgramOptions): Promise<ProgramEvaluation> {
  const split =
    options.split ?? (options.task.splits.includes("test") ? "test" : (options.task.splits[0] ?? "train"));
  const all = await options.task.instances(split);
  const instances = options.limit === undefined ? all : all.slice(0, options.limit);
  const sandbox = createSandbox();
  const started = performance.now();
  let done = 0;
  try {
    const limiter = createLimiter(options.concurrency ?? Math.max(1, availableParallelism()));
    const results = await Promise.all(
      instances.map(async (instance) => {
        const [result] = await evaluateInstances(options.files, options.task, split, [instance], "eval", {
          sandbox,
          limiter,
          taskModel: options.model,
          limits: {
            timeoutMs: 60_000,
            memoryMb: 256,
            maxToolCalls: 50,
            ...options.task.agentLimits,
            ...options.limits,
          },
          seed: options.seed ?? 0,
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.executor ? { executor: options.executor } : {}),
        });
        done++;
        options.onInstance?.(done, instances.length, result!);
        return result!;
      }),
    );
    const { mean, stderr } = meanWithError(results.map((result) => result.score));
    return {
      task: options.task.id,
      split,
      model: options.model.id,
      instances: results.length,
      mean,
      stderr,
      failures: results.filter((result) => result.error !== null).length,
      wallMs: performance.now() - started,
      results,
    };
  } finally {
    await sandbox.dispose();
  }
}

/** One model call a worker made, as the caller's ledger received it (sdk/queue's call row). */
export interface WorkerCall {
  model: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
}

/**
 * Where a program's samples run instead of this process (`eval --workers`): an executor the
 * caller connected for one model, and the model calls its workers made, which the caller's ledger
 * keeps under the node id they were made for until they are taken.
 */
export interface ProgramWorkers {
  executor: InstanceExecutor;
  takeCalls(nodeId: string): WorkerCall[];
}

/** What one sample of an eval log gave, wherever it ran. */
export interface SampleOutcome {
  score: number;
  answer: JsonValue;
  details: { [key: string]: JsonValue } | null;
  error: string | null;
  /** A model call failed after its retries and the sample failed with it: a rerun tries it again. */
  modelError: boolean;
  transcript: TranscriptEntry[];
}

/**
 * Runs a program's samples (programSamples' split, seeds and limits) on workers, one job per
 * sample. The job's seed is the sample's, so the worker derives the instance seed exactly as
 * programSamples does and scores what a local evaluation scores. A job the workers cannot run
 * (a task or data they lack) rejects: the caller stops rather than record a 0.
 */
export function programOnWorkers(options: {
  files: Record<string, string>;
  task: Task;
  split: Split;
  workers: ProgramWorkers;
}): (sample: ModelSample, signal?: AbortSignal) => Promise<SampleOutcome> {
  const { files, task, split, workers } = options;
  const limits = { ...DEFAULT_PROGRAM_LIMITS, ...task.agentLimits };
  let instances: Promise<Map<string, TaskInstance>> | undefined;
  return async (sample, signal) => {
    instances ??= task.instances(split).then((all) => new Map(all.map((each) => [each.id, each])));
    const instance = (await instances).get(sample.instance);
    if (instance === undefined) throw new Error(`no instance ${sample.instance} in ${task.id} ${split}`);
    const nodeId = `eval:${task.id}:${split}:${instance.id}:${sample.seed}`;
    let modelFailure: string | null = null;
    let sent: WorkerSample | undefined;
    const [record] = await workers.executor.evaluate({
      files,
      task,
      split,
      instances: [instance],
      nodeId,
      seed: sample.seed,
      limits,
      ...(signal ? { signal } : {}),
      onFatal: (error) => {
        modelFailure ??= error instanceof Error ? error.message : String(error);
      },
      onSample: (_, workerSample) => {
        sent = workerSample;
      },
    });
    const calls = workers.takeCalls(nodeId);
    if (record === undefined) throw new Error(`no result for ${task.id} ${instance.id} from the workers`);
    return workerOutcome(record, calls, modelFailure, sent);
  };
}

/**
 * A worker's sample: the answer and transcript it sent back. A worker of an older hyperagents
 * sends neither: then no answer, and one transcript entry per model call with its tokens, cost
 * and time, without the texts.
 */
function workerOutcome(
  record: EvaluationRecord,
  calls: WorkerCall[],
  failure: string | null,
  sent: WorkerSample | undefined,
): SampleOutcome {
  // As in this process: the sample's model failed when a call failed and the sample with it.
  const modelError = failure !== null && record.error !== null;
  const error =
    modelError && !record.error?.includes(failure) ? `model: ${failure} (${record.error})` : record.error;
  const transcript =
    sent?.transcript ??
    calls.map(
      (call): TranscriptEntry => ({
        messages: [],
        response: null,
        error: null,
        inputTokens: call.inputTokens,
        outputTokens: call.outputTokens,
        costUsd: call.costUsd,
        ms: call.latencyMs,
      }),
    );
  const details = (record.details ?? null) as SampleOutcome["details"];
  return { score: record.score, answer: sent?.answer ?? null, details, error, modelError, transcript };
}

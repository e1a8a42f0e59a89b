/**
 * Evaluating one program (a folder, or a files map) on a task split, outside an evolution run:
 * `hyperagents eval --agent DIR`. Results are per instance plus mean ± standard error.
 */
import { availableParallelism } from "node:os";
import { createSandbox } from "../sandbox/index.js";
import type { Limits } from "../sandbox/types.js";
import { meanWithError } from "../sdk/internal/stats.js";
import { createLimiter } from "../sdk/llm/index.js";
import type { ChatModel } from "../sdk/llm/types.js";
import type { EvaluationRecord } from "../sdk/store/run-store.js";
import type { Split, Task } from "../tasks/task.js";
import { evaluateInstances } from "./evaluate-instances.js";

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

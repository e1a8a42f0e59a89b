/**
 * What a worker does with one evaluation job: the same evaluateInstances as a local run, with
 * the task loaded here, the program fetched by tree hash, and the task model resolved from this
 * machine's environment (keys never travel through Redis). Model calls are counted here and go
 * back with the result, for the owner's ledger. A candidate's failure is a result; only what the
 * worker itself lacks (a task, a program, a newer job format) throws, and fails the job.
 */
import { hostname } from "node:os";
import { evaluateInstances } from "../../evals/evaluate-instances.js";
import { answerOf } from "../../evals/program-samples.js";
import { recordingModel } from "../../evals/recording-model.js";
import type { Sandbox } from "../../sandbox/types.js";
import { loadTask } from "../../tasks/index.js";
import type { AgentReply, Task } from "../../tasks/task.js";
import { UserError } from "../errors.js";
import { createLimiter } from "../llm/index.js";
import { type EvalJob, type EvalResult, JOB_FORMAT, LOST_PROGRAM } from "./jobs.js";
import type { SpendCounter } from "./shared-budget.js";
import { workerModel } from "./worker-model.js";

export interface JobHost {
  sandbox: Sandbox;
  /** A program's files by tree hash (from Redis, cached by the caller). */
  program(tree: string): Promise<Record<string, string> | undefined>;
  /** Tasks this worker knows besides the bundled ones (`--tasks-module`). */
  customTasks?: readonly Task[];
  env?: Record<string, string | undefined>;
  /** The run's spend across workers (Redis), for jobs that carry a shared budget. */
  spend?: SpendCounter;
}

export const workerName = () => `${hostname()}:${process.pid}`;

async function jobTask(job: EvalJob, host: JobHost): Promise<Task> {
  try {
    return await loadTask(job.taskId, host.customTasks ?? []);
  } catch (error) {
    throw new UserError(
      `worker ${workerName()} cannot load task "${job.taskId}": ${(error as Error).message}. Install the same hyperagents (and the task's data) on every worker, or give the worker the task with --tasks-module`,
      { cause: error },
    );
  }
}

export async function runEvalJob(job: EvalJob, host: JobHost): Promise<EvalResult> {
  if (job.format !== JOB_FORMAT)
    throw new UserError(
      `job format ${job.format}; worker ${workerName()} reads ${JOB_FORMAT}: use the same hyperagents on the owner and the workers`,
    );
  const task = await jobTask(job, host);
  const instance = (await task.instances(job.split as never)).find((each) => each.id === job.instanceId);
  if (!instance)
    throw new UserError(
      `worker ${workerName()}: task "${job.taskId}" has no instance "${job.instanceId}" in ${job.split}: its data differs from the owner's`,
    );
  const files = await host.program(job.tree);
  if (!files)
    throw new UserError(
      `${LOST_PROGRAM} program ${job.tree} is not in Redis (expired or flushed): resume the run to add it again`,
    );

  // An eval log's sample also keeps the answer and the model calls' texts; a run's evaluation does not.
  let last: AgentReply | undefined;
  const { model, calls, outcome } = workerModel(job.taskModel, job, host);
  const recording = job.withSample ? recordingModel(model) : undefined;
  const [record] = await evaluateInstances(files, task, job.split as never, [instance], job.nodeId, {
    sandbox: host.sandbox,
    limiter: createLimiter(1),
    taskModel: recording ?? model,
    limits: job.limits,
    seed: job.seed,
    ...(job.withSample
      ? {
          onReply: (_: string, reply: AgentReply) => {
            last = reply;
          },
        }
      : {}),
  });
  if (!record) throw new UserError(`worker ${workerName()}: no result for instance ${job.instanceId}`);
  return {
    format: JOB_FORMAT,
    score: record.score,
    error: record.error,
    details: record.details,
    wallMs: record.wallMs,
    calls,
    ...outcome,
    worker: workerName(),
    ...(recording ? { sample: { answer: answerOf(last), transcript: recording.transcript } } : {}),
  };
}
